using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Api.DicomWeb;
using ClinicalImaging.Api.Ingest;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Ingest.GetStoredInstance;
using ClinicalImaging.Application.Ingest.StoreArchive;
using ClinicalImaging.Application.Ingest.StoreInstance;
using MediatR;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>REST ingest under /api/v1/images: multipart upload of files and ZIP archives, and download of the original.</summary>
internal static class IngestEndpoints
{
    /// <summary>The background sweep of stray objects, and Kestrel's connection buffers sized for DICOM objects.</summary>
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddHostedService<StrayObjectSweepService>();
        services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        return services;
    }

    public static RouteGroupBuilder MapIngestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var images = endpoints.MapGroup("/api/v1/images").WithTags("Images");
        images.MapPost("/upload", UploadAsync)
            .WithName("UploadImages")
            .WithSummary("Store DICOM files sent as multipart/form-data (any number of file fields; .zip files are expanded entry by entry)")
            .Produces<UploadResponse>(StatusCodes.Status200OK)
            .Produces<UploadResponse>(StatusCodes.Status202Accepted)
            .Produces<UploadResponse>(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithMetadata(RequestSizeLimit(endpoints))
            .RequireAuthorization(AccessPolicies.ImagingWrite);
        images.MapGet("/{id:guid}/download", async (Guid id, IMediator mediator, IBlobStore blobs, CancellationToken ct) =>
            {
                var instance = await mediator.Send(new GetStoredInstanceQuery(id), ct);
                return Results.Stream(blobs.OpenRead(instance.BlobKey), DicomMediaTypes.Dicom, $"{instance.SopInstanceUid}.dcm");
            })
            .WithName("DownloadImage")
            .WithSummary("The original DICOM file of an image, byte for byte as stored")
            .Produces(StatusCodes.Status200OK, contentType: DicomMediaTypes.Dicom)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        return images;
    }

    /// <summary>
    /// The body limit of the upload and STOW-RS routes (<c>Ingest:MaxRequestBytes</c>), as route metadata: the request
    /// body limit middleware refuses a declared Content-Length above the route's limit before the endpoint runs.
    /// </summary>
    internal static RequestSizeLimitAttribute RequestSizeLimit(IEndpointRouteBuilder endpoints) =>
        new(endpoints.ServiceProvider.GetRequiredService<IOptions<IngestOptions>>().Value.MaxRequestBytes);

    private static async Task<IResult> UploadAsync(HttpContext http, IMediator mediator, IOptions<IngestOptions> options)
    {
        var reader = MultipartRequest.Open(http, options.Value.MaxRequestBytes, DicomMediaTypes.MultipartFormData, null, out var rejection);
        if (reader is null)
        {
            return rejection!;
        }

        var cancellationToken = http.RequestAborted;
        var files = new List<NamedStoreResult>();
        try
        {
            var next = await NextFileAsync(reader, files.Count, cancellationToken);
            while (next is { } file)
            {
                if (IsZip(file.Name, file.Section.ContentType))
                {
                    files.AddRange(await mediator.Send(new StoreArchiveCommand(file.Section.Body, file.Name), cancellationToken));
                    next = await NextFileAsync(reader, files.Count, cancellationToken);
                    continue;
                }

                // A run of DICOM files up to the next archive or the end is stored as one request (registered in groups).
                var names = new List<string>();
                async IAsyncEnumerable<IncomingObject> Run()
                {
                    while (next is { } current && !IsZip(current.Name, current.Section.ContentType))
                    {
                        names.Add(current.Name);
                        yield return IncomingObject.Of(current.Section.Body);
                        next = await NextFileAsync(reader, files.Count + names.Count, cancellationToken);
                    }
                }

                var results = await mediator.Send(new StoreInstancesCommand(Run()), cancellationToken);
                files.AddRange(names.Zip(results, (name, result) => new NamedStoreResult(name, result)));
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed multipart body", detail: exception.Message);
        }

        if (files.Count == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No files", detail: "the request holds no file fields");
        }

        var status = StoreResponse.StatusFor(files.Select(f => f.Result).ToList());
        return Results.Json(UploadResponse.From(files), statusCode: status);
    }

    /// <summary>The next file field of the form, named; other form fields are skipped (the reader drains their content).</summary>
    private static async Task<(MultipartSection Section, string Name)?> NextFileAsync(MultipartReader reader, int filesSoFar, CancellationToken cancellationToken)
    {
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (section.GetContentDispositionHeader() is { } disposition && disposition.IsFileDisposition())
            {
                return (section, FileNameOf(disposition, filesSoFar + 1));
            }
        }

        return null;
    }

    private static string FileNameOf(ContentDispositionHeaderValue disposition, int position)
    {
        var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
        return string.IsNullOrWhiteSpace(name) ? $"file {position}" : name;
    }

    private static bool IsZip(string fileName, string? contentType) =>
        fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
        || (MediaTypeHeaderValue.TryParse(contentType, out var type)
            && (type.MediaType.Equals(DicomMediaTypes.Zip, StringComparison.OrdinalIgnoreCase) || type.MediaType.Equals(DicomMediaTypes.ZipLegacy, StringComparison.OrdinalIgnoreCase)));
}

/// <summary>The upload's outcome: counts, then one entry per file (ZIP entries as "archive.zip/path").</summary>
public sealed record UploadResponse(int Stored, int AlreadyStored, int Failed, IReadOnlyList<UploadedFile> Files)
{
    internal static UploadResponse From(IReadOnlyList<NamedStoreResult> files) => new(
        files.Count(f => f.Result.Outcome == StoreOutcome.Stored),
        files.Count(f => f.Result.Outcome == StoreOutcome.AlreadyStored),
        files.Count(f => f.Result.Outcome == StoreOutcome.Failed),
        files.Select(f => new UploadedFile(
            f.File,
            f.Result.Outcome,
            f.Result.InstanceId,
            f.Result.SopInstanceUid,
            f.Result.SeriesInstanceUid,
            f.Result.StudyInstanceUid,
            f.Result.FailureReason is { } reason ? $"{reason:X4}" : null,
            f.Result.Message)).ToList());
}

/// <param name="FailureReason">The STOW-RS failure reason as 4 hexadecimal digits (e.g. "C000"); see docs/conformance.md.</param>
public sealed record UploadedFile(
    string File,
    StoreOutcome Outcome,
    Guid? InstanceId,
    string? SopInstanceUid,
    string? SeriesInstanceUid,
    string? StudyInstanceUid,
    string? FailureReason,
    string? Message);

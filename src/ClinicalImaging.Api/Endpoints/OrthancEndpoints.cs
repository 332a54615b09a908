using ClinicalImaging.Api.DicomWeb;
using ClinicalImaging.Api.Pacs;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Pacs;
using ClinicalImaging.Application.Pacs.AnonymizePacsStudy;
using ClinicalImaging.Application.Pacs.DownloadPacsStudy;
using ClinicalImaging.Application.Pacs.EchoPacsModality;
using ClinicalImaging.Application.Pacs.GetPacsStatus;
using ClinicalImaging.Application.Pacs.GetPacsStudy;
using ClinicalImaging.Application.Pacs.ImportPacsStudy;
using ClinicalImaging.Application.Pacs.ModifyPacsStudy;
using ClinicalImaging.Application.Pacs.QueryPacsModality;
using ClinicalImaging.Application.Pacs.SearchPacsStudies;
using ClinicalImaging.Application.Pacs.UploadToPacs;
using MediatR;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>
/// The Orthanc PACS under /api/v1/orthanc: its status, study search and details, the study as a ZIP, retrieve
/// (import into this archive, after a C-MOVE from a remote modality when one is named), anonymized and modified copies,
/// the upload of this archive's objects, and C-ECHO and C-FIND of its remote modalities. See docs/orthanc.md.
/// </summary>
internal static class OrthancEndpoints
{
    /// <summary>The change-feed import (off unless <c>Orthanc:ChangeFeed:Enabled</c>).</summary>
    public static IServiceCollection AddOrthancChangeFeed(this IServiceCollection services)
    {
        services.AddHostedService<OrthancChangeFeedService>();
        return services;
    }

    public static RouteGroupBuilder MapOrthancEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var orthanc = endpoints.MapGroup("/api/v1/orthanc").WithTags("Orthanc");
        orthanc.MapGet("/status", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new GetPacsStatusQuery(), ct)))
            .WithName("GetOrthancStatus")
            .WithSummary("Whether Orthanc answers, with its name, version, AE title and DICOM port")
            .Produces<PacsSystemInfo>()
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireAuthorization(AccessPolicies.ImagingMetadataRead);
        // POST, not GET: the query holds patient names and IDs, which must not travel in a URL (URLs are logged).
        orthanc.MapPost("/studies/search", async (PacsStudyQuery query, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new SearchPacsStudiesQuery(query), ct)))
            .WithName("SearchOrthancStudies")
            .WithSummary("Studies in Orthanc matching a JSON query: patientName, patientId (wildcards * and ?), studyDateFrom/studyDateTo (yyyy-MM-dd), modality, accessionNumber, studyInstanceUid, limit")
            .Produces<IReadOnlyList<PacsStudy>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        orthanc.MapGet("/studies/{id}", async (string id, IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new GetPacsStudyQuery(id), ct)))
            .WithName("GetOrthancStudy")
            .WithSummary("A study in Orthanc, by Orthanc id or Study Instance UID, with its patient and series")
            .Produces<PacsStudyDetails>()
            .ProducesPacsProblems()
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        orthanc.MapGet("/studies/{id}/download", async (string id, IMediator mediator, CancellationToken ct) =>
                {
                    var archive = await mediator.Send(new DownloadPacsStudyQuery(id), ct);
                    return Results.Stream(archive.Content, DicomMediaTypes.Zip, archive.FileName);
                })
            .WithName("DownloadOrthancStudy")
            .WithSummary("A study in Orthanc as a ZIP of its DICOM files, streamed from Orthanc")
            .Produces(StatusCodes.Status200OK, contentType: DicomMediaTypes.Zip)
            .ProducesPacsProblems()
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        orthanc.MapPost("/studies/{id}/retrieve", async (string id, string? modality, IMediator mediator, CancellationToken ct) =>
                {
                    var import = await mediator.Send(new ImportPacsStudyCommand(id, modality), ct);
                    return Results.Json(import, statusCode: StoreResponse.StatusFor(import.Instances.Select(i => i.Result).ToList()));
                })
            .WithName("RetrieveOrthancStudy")
            .WithSummary("Imports a study from Orthanc into this archive; with ?modality=, Orthanc first fetches it from that modality by C-MOVE (the id is then the Study Instance UID)")
            .Produces<PacsImportResult>(StatusCodes.Status200OK)
            .Produces<PacsImportResult>(StatusCodes.Status202Accepted)
            .Produces<PacsImportResult>(StatusCodes.Status409Conflict)
            .ProducesPacsProblems()
            .RequireAuthorization(AccessPolicies.PacsImport);
        orthanc.MapPost("/studies/{id}/anonymize", async (string id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new AnonymizePacsStudyCommand(id), ct)))
            .WithName("AnonymizeOrthancStudy")
            .WithSummary("Orthanc writes a de-identified copy of the study (its default profile, new UIDs); the answer names the copy")
            .Produces<PacsStudyCopy>()
            .ProducesPacsProblems()
            .RequireAuthorization(AccessPolicies.PacsImport);
        orthanc.MapPost("/studies/{id}/modify", async (string id, PacsModifyRequest body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ModifyPacsStudyCommand(id, body.Replace ?? new Dictionary<string, string>()), ct)))
            .WithName("ModifyOrthancStudy")
            .WithSummary("Orthanc writes a copy of the study with attributes replaced, body {\"replace\": {\"StudyDescription\": \"…\"}} (DICOM keywords); the answer names the copy")
            .Produces<PacsStudyCopy>()
            .ProducesPacsProblems()
            .RequireAuthorization(AccessPolicies.PacsImport);
        orthanc.MapPost("/uploads", async (PacsUploadRequest body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new UploadToPacsCommand(body.StudyInstanceUid ?? string.Empty, body.SeriesInstanceUid, body.SopInstanceUid), ct)))
            .WithName("UploadToOrthanc")
            .WithSummary("Sends a study of this archive (or one series, or one instance) to Orthanc, byte for byte as stored: {\"studyInstanceUid\", \"seriesInstanceUid\"?, \"sopInstanceUid\"?}")
            .Produces<PacsUploadSummary>()
            .ProducesPacsProblems()
            .RequireAuthorization(AccessPolicies.PacsImport);
        orthanc.MapPost("/modalities/{modality}/echo", async (string modality, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new EchoPacsModalityCommand(modality), ct)))
            .WithName("EchoOrthancModality")
            .WithSummary("C-ECHO from Orthanc to one of its remote modalities (succeeded: false when it does not answer)")
            .Produces<PacsEchoResult>()
            .ProducesPacsProblems()
            .RequireAuthorization(AccessPolicies.PacsImport);
        orthanc.MapPost("/modalities/{modality}/query", async (string modality, PacsStudyQuery query, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new QueryPacsModalityQuery(modality, query), ct)))
            .WithName("QueryOrthancModality")
            .WithSummary("C-FIND (study level) from Orthanc to one of its remote modalities, with the same JSON query as the study search")
            .Produces<IReadOnlyList<PacsQueryAnswer>>()
            .ProducesPacsProblems()
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        return orthanc;
    }

    /// <summary>What a route that names a study or modality in Orthanc may answer besides success (docs/orthanc.md, Errors).</summary>
    private static RouteHandlerBuilder ProducesPacsProblems(this RouteHandlerBuilder route) => route
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status502BadGateway)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}

/// <summary>The body of POST /api/v1/orthanc/studies/{id}/modify: attributes to replace, by DICOM keyword.</summary>
internal sealed record PacsModifyRequest(Dictionary<string, string>? Replace);

/// <summary>The body of POST /api/v1/orthanc/uploads: what of this archive to send.</summary>
internal sealed record PacsUploadRequest(string? StudyInstanceUid, string? SeriesInstanceUid, string? SopInstanceUid);

using System.Text.Json;
using System.Text.Json.Nodes;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.DicomWeb;
using ClinicalImaging.Application.Ingest.StoreInstance;

namespace ClinicalImaging.Api.DicomWeb;

/// <summary>An object as served: the instance it is labelled with, its content (disposed once sent) and its length.</summary>
internal sealed record ServedObject(StoredInstance Instance, Stream Content, long Length);

/// <summary>
/// Streams objects to the client, one at a time, never holding a whole object: the stored originals
/// (<see cref="Originals"/>) or whatever <c>open</c> makes of each stored instance (research's de-identified copies).
/// </summary>
internal sealed class InstancesResult(IReadOnlyList<StoredInstance> instances, RetrieveRendition rendition, Func<StoredInstance, ServedObject> open, DicomWebUrls urls) : IResult
{
    private const int CopyBuffer = 128 * 1024;

    public static Func<StoredInstance, ServedObject> Originals(IBlobStore blobs) => instance => new ServedObject(instance, blobs.OpenRead(instance.BlobKey), instance.SizeBytes);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        if (rendition == RetrieveRendition.Single)
        {
            var served = open(instances[0]);
            await using var content = served.Content;
            response.ContentType = $"{DicomMediaTypes.Dicom}; transfer-syntax={served.Instance.TransferSyntaxUid}";
            response.ContentLength = served.Length;
            await content.CopyToAsync(response.Body, CopyBuffer, cancellationToken);
            return;
        }

        var boundary = Guid.NewGuid().ToString("N");
        response.ContentType = $"{DicomMediaTypes.MultipartRelated}; type=\"{DicomMediaTypes.Dicom}\"; boundary={boundary}";
        foreach (var stored in instances)
        {
            var served = open(stored);
            await using var content = served.Content;
            var instance = served.Instance;
            await response.WriteAsync(
                $"--{boundary}\r\nContent-Type: {DicomMediaTypes.Dicom}; transfer-syntax={instance.TransferSyntaxUid}\r\n" +
                $"Content-Length: {served.Length}\r\nContent-Location: {urls.Instance(instance.StudyInstanceUid, instance.SeriesInstanceUid, instance.SopInstanceUid)}\r\n\r\n",
                cancellationToken);
            await content.CopyToAsync(response.Body, CopyBuffer, cancellationToken);
            await response.WriteAsync("\r\n", cancellationToken);
        }

        await response.WriteAsync($"--{boundary}--\r\n", cancellationToken);
    }
}

/// <summary>
/// WADO-RS metadata: a JSON array of the stored headers, each relative BulkDataURI (<c>bulkdata/{tag}</c>) made absolute
/// under its instance's URL. One header is parsed at a time.
/// </summary>
internal sealed class MetadataResult(IReadOnlyList<StoredInstanceHeader> headers, DicomWebUrls urls) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.ContentType = DicomMediaTypes.DicomJson;
        await using var writer = new Utf8JsonWriter(httpContext.Response.Body);
        writer.WriteStartArray();
        foreach (var header in headers)
        {
            var instance = header.Instance;
            var instanceUrl = urls.Instance(instance.StudyInstanceUid, instance.SeriesInstanceUid, instance.SopInstanceUid);
            var json = JsonNode.Parse(header.HeaderJson)!.AsObject();
            foreach (var (_, element) in json)
            {
                if (element?["BulkDataURI"]?.GetValue<string>() is { } relative
                    && relative.StartsWith(DicomMetadataExtractor.BulkDataPathPrefix, StringComparison.Ordinal))
                {
                    element["BulkDataURI"] = $"{instanceUrl}/{relative}";
                }
            }

            json.WriteTo(writer);
            await writer.FlushAsync(httpContext.RequestAborted);
        }

        writer.WriteEndArray();
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}

/// <summary>
/// Binary values (a bulk data value, or frames) as the parts of a multipart/related; type="application/octet-stream"
/// body, in order.
/// </summary>
internal sealed class OctetStreamPartsResult(IReadOnlyList<ReadOnlyMemory<byte>> parts) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var boundary = Guid.NewGuid().ToString("N");
        response.ContentType = $"{DicomMediaTypes.MultipartRelated}; type=\"{DicomMediaTypes.OctetStream}\"; boundary={boundary}";
        foreach (var part in parts)
        {
            await response.WriteAsync($"--{boundary}\r\nContent-Type: {DicomMediaTypes.OctetStream}\r\nContent-Length: {part.Length}\r\n\r\n", httpContext.RequestAborted);
            await response.Body.WriteAsync(part, httpContext.RequestAborted);
            await response.WriteAsync("\r\n", httpContext.RequestAborted);
        }

        await response.WriteAsync($"--{boundary}--\r\n", httpContext.RequestAborted);
    }
}

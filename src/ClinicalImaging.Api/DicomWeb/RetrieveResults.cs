using System.Text.Json;
using System.Text.Json.Nodes;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.DicomWeb;
using ClinicalImaging.Application.Ingest.StoreInstance;

namespace ClinicalImaging.Api.DicomWeb;

/// <summary>Streams stored objects to the client, one at a time from the blob store, never holding a whole object.</summary>
internal sealed class InstancesResult(IReadOnlyList<StoredInstance> instances, RetrieveRendition rendition, IBlobStore blobs, DicomWebUrls urls) : IResult
{
    private const int CopyBuffer = 128 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        if (rendition == RetrieveRendition.Single)
        {
            var instance = instances[0];
            response.ContentType = $"{DicomMediaTypes.Dicom}; transfer-syntax={instance.TransferSyntaxUid}";
            response.ContentLength = instance.SizeBytes;
            await using var content = blobs.OpenRead(instance.BlobKey);
            await content.CopyToAsync(response.Body, CopyBuffer, cancellationToken);
            return;
        }

        var boundary = Guid.NewGuid().ToString("N");
        response.ContentType = $"{DicomMediaTypes.MultipartRelated}; type=\"{DicomMediaTypes.Dicom}\"; boundary={boundary}";
        foreach (var instance in instances)
        {
            await using var content = blobs.OpenRead(instance.BlobKey);
            await response.WriteAsync(
                $"--{boundary}\r\nContent-Type: {DicomMediaTypes.Dicom}; transfer-syntax={instance.TransferSyntaxUid}\r\n" +
                $"Content-Length: {instance.SizeBytes}\r\nContent-Location: {urls.Instance(instance.StudyInstanceUid, instance.SeriesInstanceUid, instance.SopInstanceUid)}\r\n\r\n",
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

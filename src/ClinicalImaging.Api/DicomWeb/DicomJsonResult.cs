using System.Text.Json;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Json;

namespace ClinicalImaging.Api.DicomWeb;

/// <summary>A data set written as application/dicom+json with the given status.</summary>
internal sealed class DicomJsonResult(int statusCode, DicomDataset dataset) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = DicomMediaTypes.DicomJson;
        await using var writer = new Utf8JsonWriter(httpContext.Response.Body);
        DicomJsonSerializer.Write(writer, dataset);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}

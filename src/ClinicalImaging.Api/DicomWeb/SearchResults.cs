using System.Text.Json;
using ClinicalImaging.Application.DicomWeb.Search;

namespace ClinicalImaging.Api.DicomWeb;

/// <summary>
/// A QIDO-RS response: 200 with a JSON array of DICOM JSON objects (an empty array when nothing matches: RFC 9110
/// §15.3.5 gives 204 no body, and DICOM CP-2473 returns 200 to searches), each with its RetrieveURL (0008,1190) into
/// this server's WADO-RS, and one PS3.18 Warning header per warning.
/// </summary>
internal sealed class SearchResults(SearchResult result, DicomWebUrls urls) : IResult
{
    private const string RetrieveUrlTag = "00081190";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        foreach (var warning in result.Warnings)
        {
            httpContext.Response.Headers.Append("Warning", $"299 {httpContext.Request.Host}: \"{warning.Replace("\"", "'", StringComparison.Ordinal)}\"");
        }

        httpContext.Response.ContentType = DicomMediaTypes.DicomJson;
        await using var writer = new Utf8JsonWriter(httpContext.Response.Body);
        writer.WriteStartArray();
        foreach (var match in result.Matches)
        {
            writer.WriteStartObject();
            var retrieveUrlWritten = false;
            foreach (var (tag, element) in match.Attributes)
            {
                if (!retrieveUrlWritten && string.CompareOrdinal(tag, RetrieveUrlTag) > 0)
                {
                    WriteRetrieveUrl(writer, match);
                    retrieveUrlWritten = true;
                }

                writer.WritePropertyName(tag);
                if (element is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    element.WriteTo(writer);
                }
            }

            if (!retrieveUrlWritten)
            {
                WriteRetrieveUrl(writer, match);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        await writer.FlushAsync(httpContext.RequestAborted);
    }

    private void WriteRetrieveUrl(Utf8JsonWriter writer, QidoMatch match)
    {
        var url = (match.SeriesInstanceUid, match.SopInstanceUid) switch
        {
            (null, _) => urls.Study(match.StudyInstanceUid),
            (var series, null) => urls.Series(match.StudyInstanceUid, series),
            (var series, var instance) => urls.Instance(match.StudyInstanceUid, series, instance),
        };
        writer.WriteStartObject(RetrieveUrlTag);
        writer.WriteString("vr", "UR");
        writer.WriteStartArray("Value");
        writer.WriteStringValue(url);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

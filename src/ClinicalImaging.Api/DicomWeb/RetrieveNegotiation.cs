using ClinicalImaging.Application.DicomWeb;
using Microsoft.Net.Http.Headers;

namespace ClinicalImaging.Api.DicomWeb;

/// <summary>How a retrieval answers, from the Accept header (PS3.18 §8.7). Objects are served as stored: never transcoded.</summary>
internal enum RetrieveRendition
{
    /// <summary>multipart/related; type="application/dicom", one part per object.</summary>
    Multipart,

    /// <summary>A bare application/dicom body (one instance only).</summary>
    Single,
}

internal static class RetrieveNegotiation
{
    /// <summary>
    /// The rendition the client accepts for <paramref name="instances"/>; null (406) when it accepts none. A requested
    /// transfer-syntax must be <c>*</c> or the one every object is stored in; absent, the stored syntax is served.
    /// </summary>
    public static RetrieveRendition? ForInstances(HttpRequest request, IReadOnlyList<StoredInstance> instances, bool singleInstance)
    {
        var accepted = AcceptedTypes(request);
        if (accepted.Count == 0)
        {
            return RetrieveRendition.Multipart;
        }

        foreach (var type in accepted)
        {
            var media = type.MediaType.Value ?? string.Empty;
            if (media is "*/*" or "multipart/*")
            {
                return RetrieveRendition.Multipart;
            }

            var syntaxOk = ServesSyntax(type, instances);
            if (media.Equals(DicomMediaTypes.MultipartRelated, StringComparison.OrdinalIgnoreCase)
                && Parameter(type, "type") is null or DicomMediaTypes.Dicom
                && syntaxOk)
            {
                return RetrieveRendition.Multipart;
            }

            if (singleInstance && media.Equals(DicomMediaTypes.Dicom, StringComparison.OrdinalIgnoreCase) && syntaxOk)
            {
                return RetrieveRendition.Single;
            }
        }

        return null;
    }

    /// <summary>True when the client takes DICOM JSON (application/dicom+json, application/json, a wildcard, or no Accept).</summary>
    public static bool AcceptsDicomJson(HttpRequest request)
    {
        var accepted = AcceptedTypes(request);
        return accepted.Count == 0 || accepted.Any(t => t.MediaType.Value is "*/*" or "application/*" or DicomMediaTypes.DicomJson or DicomMediaTypes.Json);
    }

    /// <summary>True when the client takes <paramref name="mediaType"/> (exactly, by its type's wildcard, */*, or no Accept).</summary>
    public static bool Accepts(HttpRequest request, string mediaType)
    {
        var accepted = AcceptedTypes(request);
        var wildcard = mediaType[..mediaType.IndexOf('/', StringComparison.Ordinal)] + "/*";
        return accepted.Count == 0 || accepted.Any(t => t.MediaType.Value is { } value && (value == "*/*" || value == wildcard || value == mediaType));
    }

    private static bool ServesSyntax(MediaTypeHeaderValue type, IReadOnlyList<StoredInstance> instances) =>
        Parameter(type, "transfer-syntax") is not { } syntax
        || syntax == "*"
        || instances.All(i => string.Equals(i.TransferSyntaxUid, syntax, StringComparison.Ordinal));

    private static string? Parameter(MediaTypeHeaderValue type, string name) =>
        type.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } parameter
            ? HeaderUtilities.RemoveQuotes(parameter.Value).Value
            : null;

    private static List<MediaTypeHeaderValue> AcceptedTypes(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var types)
            ? types.Where(t => t.Quality is not 0).OrderByDescending(t => t.Quality ?? 1).ToList()
            : [];
}

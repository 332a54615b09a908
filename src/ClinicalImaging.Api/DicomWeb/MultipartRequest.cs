using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ClinicalImaging.Api.DicomWeb;

/// <summary>
/// Reads multipart request bodies section by section, as real clients send them: quoted or unquoted boundary, with or
/// without a CRLF or preamble before the first delimiter, chunked or with a length. Nothing is buffered beyond a section's headers.
/// </summary>
internal static class MultipartRequest
{
    /// <summary>
    /// The boundary when the request's Content-Type is <paramref name="mediaType"/> (and, for multipart/related, its
    /// <c>type</c> parameter, if any, is <paramref name="requiredType"/>); otherwise null and why.
    /// </summary>
    private static string? GetBoundary(HttpRequest request, string mediaType, string? requiredType, out string problem)
    {
        problem = string.Empty;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !string.Equals(contentType.MediaType.Value, mediaType, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"the request's Content-Type must be {mediaType}{(requiredType is null ? string.Empty : $"; type=\"{requiredType}\"")}, not '{request.ContentType}'";
            return null;
        }

        var type = HeaderUtilities.RemoveQuotes(ParameterOf(contentType, "type")).Value;
        if (requiredType is not null && type is not null && !string.Equals(type, requiredType, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"the multipart type '{type}' is not supported; send {mediaType}; type=\"{requiredType}\"";
            return null;
        }

        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            problem = "the request's Content-Type has no boundary parameter";
            return null;
        }

        return boundary;
    }

    /// <summary>
    /// A part's bytes come in reads of at most this many (pooled); the reader's 4 KiB default meant some 130 reads,
    /// boundary scans and async steps per 512 kB CT slice.
    /// </summary>
    private const int ReadBufferBytes = 64 * 1024;

    /// <summary>
    /// Opens the request body as a stream of multipart sections of <paramref name="mediaType"/> (with the
    /// <paramref name="requiredType"/> type parameter, if given), after raising the body limit to
    /// <paramref name="maxBytes"/> (the default route limit is far smaller). Null, with a 415 problem to return, when the
    /// request is of another media type.
    /// </summary>
    public static MultipartReader? Open(HttpContext context, long maxBytes, string mediaType, string? requiredType, out IResult? rejection)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        var boundary = GetBoundary(context.Request, mediaType, requiredType, out var problem);
        rejection = boundary is null
            ? Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: problem)
            : null;
        return boundary is null ? null : new MultipartReader(boundary, context.Request.Body, ReadBufferBytes);
    }

    /// <summary>True when the section declares a media type that is not <paramref name="mediaType"/> (no Content-Type is accepted as it).</summary>
    public static bool HasOtherMediaType(MultipartSection section, string mediaType) =>
        section.ContentType is { } declared
        && !(MediaTypeHeaderValue.TryParse(declared, out var parsed) && string.Equals(parsed.MediaType.Value, mediaType, StringComparison.OrdinalIgnoreCase));

    private static Microsoft.Extensions.Primitives.StringSegment ParameterOf(MediaTypeHeaderValue contentType, string name) =>
        contentType.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value ?? default;
}

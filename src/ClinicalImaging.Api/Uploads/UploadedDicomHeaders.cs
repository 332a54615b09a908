using ClinicalImaging.Api.DicomWeb;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.IO;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ClinicalImaging.Api.Uploads;

/// <summary>
/// The headers of DICOM files sent to a tool endpoint (analysis, summary, comparison, FHIR mapping) that looks at
/// files without storing them. A request body of type application/dicom is one file; multipart/form-data holds one per
/// file field. Each file goes to a temporary file that is deleted on close (request bodies cannot be read
/// synchronously, and a whole file is never held in memory), and only its header is parsed.
/// </summary>
internal static class UploadedDicomHeaders
{
    private const int CopyBufferBytes = 81920;

    /// <summary>
    /// Exactly <paramref name="expectedFiles"/> headers, in the order sent; a 4xx problem naming the file and what was
    /// wrong (not DICOM, too many or too few files, too large) is thrown as an exception the problem mapper answers.
    /// </summary>
    public static async Task<IReadOnlyList<DicomFile>> ReadAsync(HttpContext http, int expectedFiles, long maxFileBytes)
    {
        ArgumentNullException.ThrowIfNull(http);
        var cancellationToken = http.RequestAborted;
        var files = new List<DicomFile>(expectedFiles);
        if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && type.MediaType.Equals(DicomMediaTypes.Dicom, StringComparison.OrdinalIgnoreCase))
        {
            files.Add(await ReadHeaderAsync(http.Request.Body, "the request body", maxFileBytes, cancellationToken));
        }
        else
        {
            var reader = MultipartRequest.Open(http, maxFileBytes * expectedFiles, DicomMediaTypes.MultipartFormData, null, out _)
                ?? throw new UnsupportedUploadException($"send one DICOM file as {DicomMediaTypes.Dicom}, or {expectedFiles} as {DicomMediaTypes.MultipartFormData} file fields; the request's Content-Type is '{http.Request.ContentType}'");
            while (await NextSectionAsync(reader, cancellationToken) is { } section)
            {
                if (section.GetContentDispositionHeader() is not { } disposition || !disposition.IsFileDisposition())
                {
                    continue;
                }

                if (files.Count == expectedFiles)
                {
                    throw Invalid($"the request holds more than {expectedFiles} file{(expectedFiles == 1 ? string.Empty : "s")}");
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.FileName).Value is { Length: > 0 } fileName ? $"file '{fileName}'" : $"file {files.Count + 1}";
                files.Add(await ReadHeaderAsync(section.Body, name, maxFileBytes, cancellationToken));
            }
        }

        return files.Count == expectedFiles
            ? files
            : throw Invalid($"the request holds {files.Count} DICOM file{(files.Count == 1 ? string.Empty : "s")}; {expectedFiles} expected");
    }

    private static async Task<MultipartSection?> NextSectionAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            throw Invalid($"the multipart body is malformed: {exception.Message}");
        }
    }

    private static async Task<DicomFile> ReadHeaderAsync(Stream body, string name, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"clinimg-upload-{Guid.NewGuid():N}.dcm");
        await using var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, CopyBufferBytes, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var buffer = new byte[CopyBufferBytes];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw new PayloadTooLargeException($"{name} exceeds the limit of {maxBytes} bytes");
            }

            await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        spool.Position = 0;
        try
        {
            return DicomFile.Open(spool, DicomReadOptions.HeaderOnly, cancellationToken);
        }
        catch (DicomException exception)
        {
            throw Invalid($"{name} is not a readable DICOM file: {exception.Message}");
        }
    }

    private static RequestValidationException Invalid(string message) => new(new Dictionary<string, string[]> { ["file"] = [message] });
}

/// <summary>The request's media type is not one a tool endpoint reads (answered 415).</summary>
internal sealed class UnsupportedUploadException(string message) : Exception(message);

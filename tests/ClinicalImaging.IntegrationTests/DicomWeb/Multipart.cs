using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ClinicalImaging.IntegrationTests.DicomWeb;

/// <summary>How a client lays out a multipart body; real clients differ in each of these.</summary>
internal sealed record MultipartStyle(bool QuotedBoundary = true, bool CrlfBeforeFirstDelimiter = false, bool PartContentLength = false, bool Chunked = false)
{
    public static readonly MultipartStyle Default = new();
}

/// <summary>Builds STOW-RS request bodies byte by byte, and reads multipart/related responses.</summary>
internal static class Multipart
{
    public static HttpContent Related(IEnumerable<byte[]> parts, MultipartStyle? style = null, string partType = "application/dicom")
    {
        style ??= MultipartStyle.Default;
        var boundary = "stow-" + Guid.NewGuid().ToString("N");
        var body = new MemoryStream();
        if (style.CrlfBeforeFirstDelimiter)
        {
            body.Write("\r\n"u8);
        }

        foreach (var part in parts)
        {
            var headers = $"--{boundary}\r\nContent-Type: {partType}\r\n" + (style.PartContentLength ? $"Content-Length: {part.Length}\r\n" : string.Empty) + "\r\n";
            body.Write(Encoding.ASCII.GetBytes(headers));
            body.Write(part);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        body.Position = 0;
        HttpContent content = style.Chunked ? new StreamContent(new NonSeekable(body)) : new ByteArrayContent(body.ToArray());
        var quoted = style.QuotedBoundary ? $"\"{boundary}\"" : boundary;
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/related; type=\"application/dicom\"; boundary={quoted}");
        return content;
    }

    /// <summary>The parts of a multipart/related response, with each part's Content-Type.</summary>
    public static async Task<List<(string? ContentType, byte[] Body)>> ReadAsync(HttpResponseMessage response)
    {
        var type = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.Parse(response.Content.Headers.ContentType!.ToString());
        var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(type.Boundary).Value!, await response.Content.ReadAsStreamAsync());
        var parts = new List<(string?, byte[])>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            using var copy = new MemoryStream();
            await section.Body.CopyToAsync(copy);
            parts.Add((section.ContentType, copy.ToArray()));
        }

        return parts;
    }

    public static MediaTypeWithQualityHeaderValue AcceptDicom => MediaTypeWithQualityHeaderValue.Parse("multipart/related; type=\"application/dicom\"; transfer-syntax=*");

    /// <summary>Hides the length, so HttpClient sends the body with Transfer-Encoding: chunked.</summary>
    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 4096));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

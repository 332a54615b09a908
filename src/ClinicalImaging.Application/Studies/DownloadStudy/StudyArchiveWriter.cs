using System.IO.Compression;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.DicomWeb;

namespace ClinicalImaging.Application.Studies.DownloadStudy;

/// <summary>
/// Writes a study's objects as a ZIP straight into a forward-only stream (an HTTP response body): one object at a time,
/// never the archive in memory. Entries are <c>SERIES_001/&lt;SOP Instance UID&gt;.dcm</c>, series numbered in the order
/// given (series number, then UID). Entries are stored, not deflated: compressed transfer syntaxes do not shrink, and
/// deflating native pixel data would spend the server's CPU on every download for a modest gain.
/// </summary>
public static class StudyArchiveWriter
{
    public const string MediaType = "application/zip";

    public static async Task WriteAsync(IReadOnlyList<StoredInstance> instances, IBlobStore blobs, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(blobs);
        await using var output = new SyncWritesDeferredStream(destination);
        var archive = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        await using (archive)
        {
            var seriesFolders = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var instance in instances)
            {
                if (!seriesFolders.TryGetValue(instance.SeriesInstanceUid, out var folder))
                {
                    folder = $"SERIES_{seriesFolders.Count + 1:D3}";
                    seriesFolders.Add(instance.SeriesInstanceUid, folder);
                }

                var entry = archive.CreateEntry($"{folder}/{instance.SopInstanceUid}.dcm", CompressionLevel.NoCompression);
                await using var source = blobs.OpenRead(instance.BlobKey);
                await using var target = await entry.OpenAsync(cancellationToken);
                await source.CopyToAsync(target, cancellationToken);
            }
        }

        await output.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// ZipArchive writes its small records (local headers, data descriptors, the central directory) synchronously even
    /// in its async API, and an HTTP response body refuses synchronous writes. Those records are held here and sent
    /// ahead of the next asynchronous write: memory grows with the number of entries (~100 bytes each), never with
    /// their content, which passes straight through.
    /// </summary>
    private sealed class SyncWritesDeferredStream(Stream destination) : Stream
    {
        private readonly MemoryStream _pending = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await SendPendingAsync(cancellationToken);
            await destination.WriteAsync(buffer, cancellationToken);
        }

        /// <summary>Nothing is sent synchronously; <see cref="FlushAsync(CancellationToken)"/> sends what is held.</summary>
        public override void Flush()
        {
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await SendPendingAsync(cancellationToken);
            await destination.FlushAsync(cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _pending.Dispose();
            }

            base.Dispose(disposing);
        }

        private async Task SendPendingAsync(CancellationToken cancellationToken)
        {
            if (_pending.Length > 0)
            {
                await destination.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
                _pending.SetLength(0);
            }
        }
    }
}

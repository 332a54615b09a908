using ClinicalImaging.Application.Common.Exceptions;

namespace ClinicalImaging.Application.Ingest.StoreArchive;

/// <summary>
/// A ZIP entry's content, read forward once. A decompression error (bad deflate data, CRC mismatch) becomes an
/// <see cref="UnreadableObjectException"/>, so it fails that entry alone instead of the whole upload.
/// </summary>
internal sealed class ArchiveEntryStream(Stream entry) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return entry.Read(buffer);
        }
        catch (InvalidDataException exception)
        {
            throw Unreadable(exception);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await entry.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException exception)
        {
            throw Unreadable(exception);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static UnreadableObjectException Unreadable(InvalidDataException exception) =>
        new($"the archive entry cannot be decompressed: {exception.Message}", exception);
}

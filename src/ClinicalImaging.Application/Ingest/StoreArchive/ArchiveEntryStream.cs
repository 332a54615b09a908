using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Dicom.IO;

namespace ClinicalImaging.Application.Ingest.StoreArchive;

/// <summary>
/// A ZIP entry's content, read forward once. A decompression error (bad deflate data, CRC mismatch) becomes an
/// <see cref="UnreadableObjectException"/>, so it fails that entry alone instead of the whole upload. Disposing it
/// disposes the entry's stream.
/// </summary>
internal sealed class ArchiveEntryStream(Stream entry) : ForwardReadStream
{
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            entry.Dispose();
        }

        base.Dispose(disposing);
    }

    private static UnreadableObjectException Unreadable(InvalidDataException exception) =>
        new($"the archive entry cannot be decompressed: {exception.Message}", exception);
}

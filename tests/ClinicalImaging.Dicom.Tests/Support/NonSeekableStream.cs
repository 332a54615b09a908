using ClinicalImaging.Dicom.IO;

namespace ClinicalImaging.Dicom.Tests.Support;

/// <summary>A forward-only view of a stream, like a network body.</summary>
public sealed class NonSeekableStream(Stream inner) : ForwardReadStream
{
    public override int Read(Span<byte> buffer) => inner.Read(buffer[..Math.Min(buffer.Length, 997)]); // odd chunks on purpose

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

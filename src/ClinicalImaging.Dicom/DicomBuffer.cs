using System.Buffers.Binary;

namespace ClinicalImaging.Dicom;

/// <summary>
/// The bytes of a value, always little endian in memory (big-endian sources are swapped when read). A buffer
/// is either in memory or a range of a seekable source read on demand, so large values such as Pixel Data
/// need not be held while a header is examined.
/// </summary>
public abstract class DicomBuffer
{
    public static DicomBuffer Empty { get; } = new MemoryDicomBuffer(ReadOnlyMemory<byte>.Empty);

    public abstract long Length { get; }

    /// <summary>True when the bytes are held in memory; false when each access reads the source.</summary>
    public abstract bool IsInMemory { get; }

    /// <summary>All bytes. For a lazy buffer this reads the source each time it is called.</summary>
    public abstract ReadOnlyMemory<byte> GetBytes();

    /// <summary>Copies <paramref name="destination"/>.Length bytes starting at <paramref name="offset"/>.</summary>
    public abstract void Read(long offset, Span<byte> destination);

    /// <summary>Streams the bytes to <paramref name="destination"/> without holding more than a chunk of a lazy value.</summary>
    public virtual void WriteTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(GetBytes().Span);
    }

    public static DicomBuffer FromBytes(ReadOnlyMemory<byte> bytes) => bytes.IsEmpty ? Empty : new MemoryDicomBuffer(bytes);
}

internal sealed class MemoryDicomBuffer(ReadOnlyMemory<byte> bytes) : DicomBuffer
{
    public override long Length => bytes.Length;

    public override bool IsInMemory => true;

    public override ReadOnlyMemory<byte> GetBytes() => bytes;

    public override void Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + destination.Length, Length);
        bytes.Span.Slice((int)offset, destination.Length).CopyTo(destination);
    }
}

/// <summary>A seekable stream shared by the lazy buffers of one file; access is serialised.</summary>
internal sealed class DicomLazySource(Stream stream)
{
    private readonly Lock gate = new();

    public void Read(long position, Span<byte> destination)
    {
        lock (gate)
        {
            stream.Position = position;
            stream.ReadExactly(destination);
        }
    }
}

/// <summary>A value left in its seekable source; <paramref name="swapUnit"/> &gt; 1 swaps big-endian words on read.</summary>
internal sealed class LazyDicomBuffer(DicomLazySource source, long position, long length, int swapUnit) : DicomBuffer
{
    private const int CopyChunk = 1 << 20;

    public override long Length => length;

    public override bool IsInMemory => false;

    public override ReadOnlyMemory<byte> GetBytes()
    {
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)length));
        Read(0, bytes);
        return bytes;
    }

    public override void Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + destination.Length, length);
        if (swapUnit > 1 && (offset % swapUnit != 0 || destination.Length % swapUnit != 0))
        {
            throw new ArgumentException($"A big-endian value must be read in whole {swapUnit}-byte words.", nameof(offset));
        }

        source.Read(position + offset, destination);
        ByteSwap.InPlace(destination, swapUnit);
    }

    public override void WriteTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var chunk = new byte[(int)Math.Min(CopyChunk, length)];
        for (long done = 0; done < length; done += chunk.Length)
        {
            var span = chunk.AsSpan(0, (int)Math.Min(chunk.Length, length - done));
            Read(done, span);
            destination.Write(span);
        }
    }
}

internal static class ByteSwap
{
    /// <summary>Reverses each <paramref name="unit"/>-byte word in place (a trailing partial word is left alone).</summary>
    public static void InPlace(Span<byte> bytes, int unit)
    {
        var whole = bytes.Length - (bytes.Length % Math.Max(unit, 1));
        switch (unit)
        {
            case 2:
                var shorts = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(bytes[..whole]);
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
                break;
            case 4:
                var ints = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(bytes[..whole]);
                BinaryPrimitives.ReverseEndianness(ints, ints);
                break;
            case 8:
                var longs = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes[..whole]);
                BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
        }
    }
}

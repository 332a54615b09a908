using System.Buffers;

namespace ClinicalImaging.Dicom.IO;

/// <summary>
/// Buffered, position-tracking reads over any stream. Knows how many bytes remain when the stream is seekable,
/// so lengths can be checked before anything is allocated; on other streams values are read in chunks that only
/// grow as data actually arrives, so a forged length ends in "truncated" rather than a huge allocation.
/// The read-ahead buffer is rented from the shared pool (sized to the stream when it is smaller) and returned on
/// <see cref="Dispose"/>; small values are carved out of shared arena blocks instead of an array each.
/// </summary>
internal sealed class DicomByteSource : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private const int MinimumBufferSize = 256;
    private const int ChunkSize = 1 << 20;
    private const int ArenaBlockSize = 4096;
    private const int ArenaValueLimit = 256;

    private readonly Stream stream;
    private readonly CancellationToken cancellationToken;
    private readonly long streamLength;
    private byte[] buffer;
    private int bufferStart;
    private int bufferEnd;
    private byte[] arena = [];
    private int arenaUsed;

    public DicomByteSource(Stream stream, CancellationToken cancellationToken)
    {
        this.stream = stream;
        this.cancellationToken = cancellationToken;
        IsSeekable = stream.CanSeek;
        streamLength = IsSeekable ? stream.Length : -1;
        Position = IsSeekable ? stream.Position : 0;
        var size = IsSeekable ? (int)Math.Clamp(streamLength - Position, MinimumBufferSize, BufferSize) : BufferSize;
        buffer = ArrayPool<byte>.Shared.Rent(size);
    }

    public bool IsSeekable { get; }

    /// <summary>Offset of the next unread byte from the start of the stream.</summary>
    public long Position { get; private set; }

    /// <summary>Bytes left before the end of the stream, or null when the stream cannot tell.</summary>
    public long? Remaining => IsSeekable ? streamLength - Position : null;

    public int Buffered => bufferEnd - bufferStart;

    /// <summary>Makes at least <paramref name="count"/> bytes (≤ 64 KiB) available to <see cref="Peek"/>; false at end of stream.</summary>
    public bool TryEnsure(int count)
    {
        if (Buffered >= count)
        {
            return true;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (bufferStart > 0)
        {
            Buffer.BlockCopy(buffer, bufferStart, buffer, 0, Buffered);
            bufferEnd -= bufferStart;
            bufferStart = 0;
        }

        while (bufferEnd < count)
        {
            var read = stream.Read(buffer, bufferEnd, buffer.Length - bufferEnd);
            if (read == 0)
            {
                return false;
            }

            bufferEnd += read;
        }

        return true;
    }

    public ReadOnlySpan<byte> Peek(int count) => buffer.AsSpan(bufferStart, count);

    public void Advance(int count)
    {
        bufferStart += count;
        Position += count;
    }

    /// <summary>
    /// Reads a value of exactly <paramref name="count"/> bytes into memory the caller may keep (and modify, e.g. to
    /// swap bytes); false when the stream ends first. Values up to 256 bytes share arena blocks.
    /// </summary>
    public bool TryReadValue(long count, out Memory<byte> value)
    {
        if (count > ArenaValueLimit || (Remaining is { } remaining && count > remaining))
        {
            var read = TryReadBytes(count, out var bytes);
            value = bytes;
            return read;
        }

        var size = (int)count;
        if (arena.Length - arenaUsed < size)
        {
            // A block never needs to outgrow what is left of the stream (small files get small blocks).
            arena = GC.AllocateUninitializedArray<byte>((int)Math.Clamp(Remaining ?? ArenaBlockSize, size, ArenaBlockSize));
            arenaUsed = 0;
        }

        value = arena.AsMemory(arenaUsed, size);
        if (!TryFill(value.Span))
        {
            return false;
        }

        arenaUsed += size;
        return true;
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes into a new array; false when the stream ends first.</summary>
    public bool TryReadBytes(long count, out byte[] bytes)
    {
        if (Remaining is { } remaining && count > remaining)
        {
            bytes = [];
            return false;
        }

        if (count <= ChunkSize || IsSeekable)
        {
            bytes = GC.AllocateUninitializedArray<byte>(checked((int)count));
            return TryFill(bytes);
        }

        // Unknown stream length: grow with the data actually read, never by the declared length alone.
        using var collected = new MemoryStream();
        var chunk = new byte[ChunkSize];
        for (long left = count; left > 0;)
        {
            var part = chunk.AsSpan(0, (int)Math.Min(ChunkSize, left));
            if (!TryFill(part))
            {
                bytes = [];
                return false;
            }

            collected.Write(part);
            left -= part.Length;
        }

        bytes = collected.ToArray();
        return true;
    }

    /// <summary>Skips <paramref name="count"/> bytes (a seek on seekable streams); false when the stream ends first.</summary>
    public bool TrySkip(long count)
    {
        if (count <= Buffered)
        {
            Advance((int)count);
            return true;
        }

        if (IsSeekable)
        {
            if (Position + count > streamLength)
            {
                return false;
            }

            Position += count;
            stream.Position = Position;
            bufferStart = bufferEnd = 0;
            return true;
        }

        var scratch = new byte[(int)Math.Min(ChunkSize, count)];
        for (long left = count; left > 0; left -= scratch.Length)
        {
            if (!TryFill(scratch.AsSpan(0, (int)Math.Min(scratch.Length, left))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns the read-ahead buffer to the pool; a stream from <see cref="DetachRemainder"/> must not be read afterwards.</summary>
    public void Dispose()
    {
        var rented = buffer;
        buffer = [];
        bufferStart = bufferEnd = 0;
        if (rented.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>A stream of everything not yet consumed (buffered bytes first), for switching to an inflating reader; valid until <see cref="Dispose"/>.</summary>
    public Stream DetachRemainder()
    {
        var leftover = new MemoryStream(buffer, bufferStart, Buffered, writable: false);
        bufferStart = bufferEnd = 0;
        return new ConcatenatedStream(leftover, stream);
    }

    private bool TryFill(Span<byte> destination)
    {
        var fromBuffer = Math.Min(Buffered, destination.Length);
        Peek(fromBuffer).CopyTo(destination);
        Advance(fromBuffer);
        var filled = fromBuffer;
        while (filled < destination.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = stream.Read(destination[filled..]);
            if (read == 0)
            {
                return false;
            }

            filled += read;
            Position += read;
        }

        return true;
    }

    /// <summary>Reads one stream to its end, then the next; read-only and forward-only.</summary>
    private sealed class ConcatenatedStream(Stream first, Stream second) : ForwardReadStream
    {
        private bool firstDone;

        public override int Read(Span<byte> buffer)
        {
            if (!firstDone)
            {
                var read = first.Read(buffer);
                if (read > 0)
                {
                    return read;
                }

                firstDone = true;
            }

            return second.Read(buffer);
        }
    }
}

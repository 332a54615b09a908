using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.InteropServices;
using ClinicalImaging.Dicom.Imaging.Display;

namespace ClinicalImaging.Dicom.Imaging.Png;

/// <summary>The PNG pixel formats <see cref="PngEncoder"/> writes.</summary>
public enum PngPixelFormat
{
    /// <summary>8-bit grayscale (color type 0, bit depth 8).</summary>
    Gray8,

    /// <summary>8-bit RGB (color type 2, bit depth 8).</summary>
    Rgb8,

    /// <summary>16-bit grayscale (color type 0, bit depth 16), e.g. stored values without windowing.</summary>
    Gray16,
}

/// <summary>
/// A PNG encoder (ISO/IEC 15948): IHDR, zlib-compressed IDAT chunks of at most 64 KiB streamed as they fill,
/// IEND. Each row gets the filter (None, Sub, Up, Average, Paeth) with the smallest sum of absolute
/// differences, the heuristic libpng uses, which typically shrinks medical images by a third over no filtering.
/// </summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes a rendered gray or RGB image.</summary>
    public static void Write(Stream output, RenderedImage image, CompressionLevel compression = CompressionLevel.Fastest)
    {
        ArgumentNullException.ThrowIfNull(image);
        Write(output, image.Pixels, image.Width, image.Height, image.Channels == 1 ? PngPixelFormat.Gray8 : PngPixelFormat.Rgb8, compression);
    }

    /// <summary>Encodes a rendered image into a new byte array.</summary>
    public static byte[] Encode(RenderedImage image, CompressionLevel compression = CompressionLevel.Fastest)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var buffer = new MemoryStream((image.Pixels.Length / 2) + 1024);
        Write(buffer, image, compression);
        return buffer.ToArray();
    }

    /// <summary>Encodes 16-bit gray pixels (machine order), rows top to bottom.</summary>
    public static void WriteGray16(Stream output, ReadOnlySpan<ushort> pixels, int width, int height, CompressionLevel compression = CompressionLevel.Fastest) =>
        Write(output, MemoryMarshal.AsBytes(pixels), width, height, PngPixelFormat.Gray16, compression);

    /// <summary>
    /// Encodes raw pixels: one byte per sample for <see cref="PngPixelFormat.Gray8"/> and
    /// <see cref="PngPixelFormat.Rgb8"/> (R G B interleaved), two machine-order bytes for <see cref="PngPixelFormat.Gray16"/>.
    /// </summary>
    public static void Write(Stream output, ReadOnlySpan<byte> pixels, int width, int height, PngPixelFormat format, CompressionLevel compression = CompressionLevel.Fastest)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        int bytesPerPixel = format switch
        {
            PngPixelFormat.Gray8 => 1,
            PngPixelFormat.Rgb8 => 3,
            PngPixelFormat.Gray16 => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
        int rowLength = checked(width * bytesPerPixel);
        if (pixels.Length != checked(rowLength * height))
        {
            throw new ArgumentException($"Expected {rowLength * height} bytes for {width} x {height} {format}, got {pixels.Length}.", nameof(pixels));
        }

        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = (byte)(format == PngPixelFormat.Gray16 ? 16 : 8); // bit depth
        header[9] = (byte)(format == PngPixelFormat.Rgb8 ? 2 : 0); // color type
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method 0
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, header);

        using (var idat = new IdatStream(output))
        using (var zlib = new ZLibStream(idat, compression, leaveOpen: true))
        {
            WriteFilteredRows(zlib, pixels, rowLength, height, bytesPerPixel, bigEndianWords: format == PngPixelFormat.Gray16 && BitConverter.IsLittleEndian);
        }

        WriteChunk(output, "IEND"u8, []);
    }

    private static void WriteFilteredRows(Stream zlib, ReadOnlySpan<byte> pixels, int rowLength, int height, int bytesPerPixel, bool bigEndianWords)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent((rowLength * 2) + ((rowLength + 1) * 2));
        try
        {
            var previous = rented.AsSpan(0, rowLength);
            var current = rented.AsSpan(rowLength, rowLength);
            var best = rented.AsSpan(rowLength * 2, rowLength + 1);
            var candidate = rented.AsSpan((rowLength * 3) + 1, rowLength + 1);
            previous.Clear(); // the row above the first is all zeros (PNG spec §9.2)
            for (int y = 0; y < height; y++)
            {
                pixels.Slice(y * rowLength, rowLength).CopyTo(current);
                if (bigEndianWords)
                {
                    var words = MemoryMarshal.Cast<byte, ushort>(current);
                    BinaryPrimitives.ReverseEndianness(words, words);
                }

                long bestScore = long.MaxValue;
                for (byte filter = 0; filter <= 4; filter++)
                {
                    long score = Filter(filter, current, previous, bytesPerPixel, candidate);
                    if (score < bestScore)
                    {
                        bestScore = score;
                        candidate.CopyTo(best);
                    }
                }

                zlib.Write(best);
                current.CopyTo(previous);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Writes filter type + filtered row into <paramref name="output"/>; returns the sum of |signed byte|.</summary>
    private static long Filter(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, int bpp, Span<byte> output)
    {
        output[0] = filter;
        var filtered = output[1..];
        // One loop per filter keeps the per-byte work branch-free (PNG spec §9.2-9.4); Sub and Up are
        // plain byte-wise differences, so they run vectorised.
        switch (filter)
        {
            case 0:
                row.CopyTo(filtered);
                break;
            case 1:
                row[..bpp].CopyTo(filtered);
                Subtract(row[bpp..], row, filtered[bpp..]);
                break;
            case 2:
                Subtract(row, above, filtered);
                break;
            case 3:
                for (int i = 0; i < bpp; i++)
                {
                    filtered[i] = (byte)(row[i] - (above[i] >> 1));
                }

                for (int i = bpp; i < row.Length; i++)
                {
                    filtered[i] = (byte)(row[i] - ((row[i - bpp] + above[i]) >> 1));
                }

                break;
            default:
                for (int i = 0; i < bpp; i++)
                {
                    filtered[i] = (byte)(row[i] - above[i]); // Paeth with no left neighbour picks the one above
                }

                for (int i = bpp; i < row.Length; i++)
                {
                    filtered[i] = (byte)(row[i] - Paeth(row[i - bpp], above[i], above[i - bpp]));
                }

                break;
        }

        return SumOfAbsoluteSignedBytes(filtered);
    }

    /// <summary><paramref name="destination"/>[i] = <paramref name="left"/>[i] − <paramref name="right"/>[i] mod 256.</summary>
    private static void Subtract(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        int i = 0;
        for (; i <= left.Length - Vector<byte>.Count; i += Vector<byte>.Count)
        {
            (new Vector<byte>(left[i..]) - new Vector<byte>(right[i..])).CopyTo(destination[i..]);
        }

        for (; i < left.Length; i++)
        {
            destination[i] = (byte)(left[i] - right[i]);
        }
    }

    private static long SumOfAbsoluteSignedBytes(ReadOnlySpan<byte> values)
    {
        var signed = MemoryMarshal.Cast<byte, sbyte>(values);
        long total = 0;
        int i = 0;
        // |x| of a signed byte is at most 128, so 16-bit lanes hold a block of up to 256 vectors safely.
        while (i <= signed.Length - Vector<sbyte>.Count)
        {
            var sums = Vector<ushort>.Zero;
            for (int block = 0; block < 256 && i <= signed.Length - Vector<sbyte>.Count; block++, i += Vector<sbyte>.Count)
            {
                Vector.Widen(Vector.AsVectorByte(Vector.Abs(new Vector<sbyte>(signed[i..]))), out var low, out var high);
                sums += low + high;
            }

            Vector.Widen(sums, out var lowSums, out var highSums);
            total += Vector.Sum(lowSums + highSums);
        }

        for (; i < signed.Length; i++)
        {
            total += Math.Abs((int)signed[i]);
        }

        return total;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Append(0, type), data));
        output.Write(word);
    }

    /// <summary>Cuts the zlib stream into IDAT chunks of up to 64 KiB as it is written.</summary>
    private sealed class IdatStream(Stream output) : Stream
    {
        private const int ChunkSize = 64 * 1024;
        private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        private int _length;
        private bool _disposed;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (!buffer.IsEmpty)
            {
                int take = Math.Min(buffer.Length, ChunkSize - _length);
                buffer[..take].CopyTo(_buffer.AsSpan(_length));
                _length += take;
                buffer = buffer[take..];
                if (_length == ChunkSize)
                {
                    Flush();
                }
            }
        }

        public override void Flush()
        {
            if (_length > 0)
            {
                WriteChunk(output, "IDAT"u8, _buffer.AsSpan(0, _length));
                _length = 0;
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (!_disposed && disposing)
            {
                Flush();
                ArrayPool<byte>.Shared.Return(_buffer);
                _disposed = true;
            }

            base.Dispose(disposing);
        }
    }
}

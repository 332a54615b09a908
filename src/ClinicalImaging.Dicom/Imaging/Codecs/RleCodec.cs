using System.Buffers;
using System.Buffers.Binary;

namespace ClinicalImaging.Dicom.Imaging.Codecs;

/// <summary>
/// RLE Lossless (PS3.5 Annex G). A frame is a 64-byte header (segment count, then 15 little-endian
/// offsets) followed by one PackBits segment per byte plane: for each sample, the most significant byte
/// plane first. Each segment decodes to rows × columns bytes.
/// </summary>
public static class RleCodec
{
    private const int HeaderLength = 64;
    private const int MaxSegments = 15;
    private const int MaxRun = 128;

    /// <summary>Decodes one RLE frame into a new <see cref="DecodedFrame"/>.</summary>
    /// <exception cref="PixelDataException">The header or a segment is corrupt, or does not match the description.</exception>
    public static DecodedFrame Decode(ReadOnlySpan<byte> data, PixelDataDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (description.BitsAllocated == 1)
        {
            throw new PixelDataException("RLE Lossless pixel data with Bits Allocated (0028,0100) 1 is not supported.");
        }

        if (data.Length < HeaderLength)
        {
            throw new PixelDataException($"RLE frame is {data.Length} bytes, shorter than its {HeaderLength}-byte header.");
        }

        int bytesPerSample = description.BitsAllocated / 8;
        int expectedSegments = description.SamplesPerPixel * bytesPerSample;
        uint segmentCount = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (segmentCount != expectedSegments)
        {
            throw new PixelDataException(
                $"RLE header declares {segmentCount} segments; {description.SamplesPerPixel} samples of {description.BitsAllocated} bits need {expectedSegments}.");
        }

        // RLE is lossless and byte-plane based: every sample is stored at full resolution.
        var frame = DecodedFrame.Create(description);
        try
        {
            var output = frame.Bytes;
            int stride = description.SamplesPerPixel * bytesPerSample;
            for (int segment = 0; segment < expectedSegments; segment++)
            {
                int start = ReadOffset(data, segment);
                int end = segment + 1 < expectedSegments ? ReadOffset(data, segment + 1) : data.Length;
                if (start < HeaderLength || end < start || end > data.Length)
                {
                    throw new PixelDataException(
                        $"RLE segment {segment + 1} spans bytes {start}..{end}, outside the {data.Length}-byte frame or overlapping the header.");
                }

                int sample = segment / bytesPerSample;
                int byteInSample = bytesPerSample - 1 - (segment % bytesPerSample); // MSB plane first; little-endian output
                DecodeSegment(data[start..end], output[((sample * bytesPerSample) + byteInSample)..], stride, description.PixelCount, segment);
            }

            frame.NormalizeStoredBits(description.HighBit);
            return frame;
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Encodes a frame as RLE Lossless, one segment per byte plane, each row encoded on its own (PS3.5 G.3.1).
    /// Samples are written at the width of <see cref="DecodedFrame.SampleType"/> (8, 16 or 32 bits allocated).
    /// </summary>
    public static byte[] Encode(DecodedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int bytesPerSample = frame.SampleType.ByteSize();
        int segmentCount = frame.SamplesPerPixel * bytesPerSample;
        if (segmentCount > MaxSegments)
        {
            throw new PixelDataException($"RLE allows at most {MaxSegments} segments; this frame needs {segmentCount}.");
        }

        int stride = segmentCount;
        // Worst case: every row all literals, one header byte per 128 bytes, plus an even-length pad per segment.
        int maxRowLength = frame.Columns + ((frame.Columns + MaxRun - 1) / MaxRun);
        int capacity = checked(HeaderLength + (segmentCount * ((frame.Rows * maxRowLength) + 1)));
        byte[] buffer = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            var output = buffer.AsSpan(0, capacity);
            output[..HeaderLength].Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(output, (uint)segmentCount);
            int position = HeaderLength;
            ReadOnlySpan<byte> samples = frame.Bytes;
            for (int segment = 0; segment < segmentCount; segment++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(output[(4 + (segment * 4))..], (uint)position);
                int sample = segment / bytesPerSample;
                int byteInSample = bytesPerSample - 1 - (segment % bytesPerSample);
                int planeStart = (sample * bytesPerSample) + byteInSample;
                for (int row = 0; row < frame.Rows; row++)
                {
                    int rowStart = planeStart + (row * frame.Columns * stride);
                    position += EncodeRow(samples[rowStart..], stride, frame.Columns, output[position..]);
                }

                if (position % 2 != 0)
                {
                    output[position++] = 0; // PS3.5 G.4: segments are padded to even length
                }
            }

            return output[..position].ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int ReadOffset(ReadOnlySpan<byte> header, int segment)
    {
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(header[(4 + (segment * 4))..]);
        return offset > int.MaxValue ? int.MaxValue : (int)offset;
    }

    /// <summary>
    /// PackBits-decodes one segment into every <paramref name="stride"/>-th byte of <paramref name="output"/>.
    /// Decoding stops once <paramref name="count"/> bytes are produced: bytes after that (the even-length
    /// pad, or a run some encoders let overshoot the plane) are ignored, as pydicom and dcmtk do.
    /// </summary>
    private static void DecodeSegment(ReadOnlySpan<byte> segment, Span<byte> output, int stride, int count, int segmentIndex)
    {
        int produced = 0;
        int position = 0;
        while (produced < count)
        {
            if (position >= segment.Length)
            {
                throw new PixelDataException(
                    $"RLE segment {segmentIndex + 1} ends after {produced} of {count} bytes; the frame is truncated or corrupt.");
            }

            int header = (sbyte)segment[position++];
            if (header >= 0)
            {
                int literal = Math.Min(header + 1, count - produced);
                if (position + literal > segment.Length)
                {
                    throw new PixelDataException(
                        $"RLE segment {segmentIndex + 1} has a literal run of {header + 1} bytes past its end.");
                }

                for (int i = 0; i < literal; i++)
                {
                    output[(produced++) * stride] = segment[position + i];
                }

                position += header + 1;
            }
            else if (header != -128)
            {
                if (position >= segment.Length)
                {
                    throw new PixelDataException($"RLE segment {segmentIndex + 1} has a replicate run with no byte to repeat.");
                }

                byte value = segment[position++];
                int run = Math.Min(1 - header, count - produced);
                for (int i = 0; i < run; i++)
                {
                    output[(produced++) * stride] = value;
                }
            }
        }
    }

    /// <summary>PackBits-encodes one row read from every <paramref name="stride"/>-th byte; returns bytes written.</summary>
    private static int EncodeRow(ReadOnlySpan<byte> source, int stride, int length, Span<byte> output)
    {
        int written = 0;
        int i = 0;
        while (i < length)
        {
            int run = RunLength(source, stride, i, length);
            if (run >= 2)
            {
                output[written++] = (byte)(sbyte)(1 - run);
                output[written++] = source[i * stride];
                i += run;
                continue;
            }

            // Literal: extend until a run of three starts (shorter runs are cheaper left in the literal).
            int start = i;
            while (i < length && i - start < MaxRun && (i == start || RunLength(source, stride, i, length) < 3))
            {
                i++;
            }

            output[written++] = (byte)(i - start - 1);
            for (int k = start; k < i; k++)
            {
                output[written++] = source[k * stride];
            }
        }

        return written;
    }

    private static int RunLength(ReadOnlySpan<byte> source, int stride, int start, int length)
    {
        byte value = source[start * stride];
        int run = 1;
        while (start + run < length && run < MaxRun && source[(start + run) * stride] == value)
        {
            run++;
        }

        return run;
    }
}

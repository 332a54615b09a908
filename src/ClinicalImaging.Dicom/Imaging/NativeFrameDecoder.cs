using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ClinicalImaging.Dicom.Imaging;

/// <summary>
/// Extracts one frame from native (uncompressed) Pixel Data: 1-bit packed, 8, 16 or 32 bits, one or three
/// samples, either planar configuration, YBR_FULL_422 two-sample storage, little or big endian words.
/// </summary>
public static class NativeFrameDecoder
{
    /// <summary>Decodes frame <paramref name="frameIndex"/> of a native Pixel Data value.</summary>
    /// <param name="pixelData">The whole Pixel Data value, as stored (a trailing pad byte is allowed).</param>
    /// <param name="description">The layout of the pixel data.</param>
    /// <param name="frameIndex">Zero-based frame number.</param>
    /// <param name="bigEndian">
    /// True when samples wider than 8 bits are stored most significant byte first (Explicit VR Big Endian
    /// with OW Pixel Data). 1- and 8-bit data is never swapped here.
    /// </param>
    /// <exception cref="PixelDataException">The frame index is out of range or the value is too short.</exception>
    public static DecodedFrame Decode(
        ReadOnlySpan<byte> pixelData,
        PixelDataDescription description,
        int frameIndex,
        bool bigEndian = false)
    {
        ArgumentNullException.ThrowIfNull(description);
        description.RequireFrame(frameIndex);
        if (description.PhotometricInterpretation == PhotometricInterpretation.YbrPartial420)
        {
            throw new PixelDataException(
                "Photometric Interpretation YBR_PARTIAL_420 is only defined for compressed transfer syntaxes, not native pixel data.");
        }

        if (description.PhotometricInterpretation == PhotometricInterpretation.YbrFull422 && description.Columns % 2 != 0)
        {
            throw new PixelDataException(
                $"Native YBR_FULL_422 pixel data needs an even number of Columns (0028,0011), not {description.Columns}.");
        }

        long frameEndBit = (frameIndex + 1L) * description.NativeFrameBitLength;
        if ((long)pixelData.Length * 8 < frameEndBit)
        {
            throw new PixelDataException(
                $"Pixel Data (7FE0,0010) holds {pixelData.Length} bytes, too few for frame {frameIndex + 1} of {description.NumberOfFrames} ({(frameEndBit + 7) / 8} bytes needed).");
        }

        var frame = DecodedFrame.Create(description);
        try
        {
            if (description.BitsAllocated == 1)
            {
                UnpackBits(pixelData, frameIndex * description.NativeFrameBitLength, frame.Bytes);
                frame.NormalizeStoredBits(description.HighBit);
                return frame;
            }

            int frameBytes = description.NativeFrameByteLength;
            var source = pixelData.Slice(checked((int)((long)frameIndex * frameBytes)), frameBytes);
            bool sameLayout = description.PhotometricInterpretation != PhotometricInterpretation.YbrFull422
                && (description.SamplesPerPixel == 1 || description.PlanarConfiguration != PlanarConfiguration.Planar);
            if (sameLayout && (!bigEndian || description.BitsAllocated == 8))
            {
                // The common case: one pass that copies and normalises (the frame's bytes are touched once).
                frame.CopyStoredBits(source, description.HighBit);
                return frame;
            }

            CopySamples(source, frame.Bytes, description);
            if (bigEndian)
            {
                ReverseEndianness(frame.Bytes, description.BitsAllocated / 8);
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

    /// <summary>Unpacks 1-bit pixels, least significant bit first (PS3.5 D.2), one byte per pixel.</summary>
    private static void UnpackBits(ReadOnlySpan<byte> packed, long firstBit, Span<byte> pixels)
    {
        for (int i = 0; i < pixels.Length; i++)
        {
            long bit = firstBit + i;
            pixels[i] = (byte)((packed[(int)(bit >> 3)] >> (int)(bit & 7)) & 1);
        }
    }

    private static void CopySamples(ReadOnlySpan<byte> source, Span<byte> destination, PixelDataDescription description)
    {
        switch (description.BitsAllocated)
        {
            case 8: CopySamples<byte>(source, destination, description); break;
            case 16: CopySamples<ushort>(source, destination, description); break;
            case 32: CopySamples<uint>(source, destination, description); break;
            default: throw new PixelDataException($"Bits Allocated (0028,0100) {description.BitsAllocated} is not supported.");
        }
    }

    private static void CopySamples<T>(ReadOnlySpan<byte> sourceBytes, Span<byte> destinationBytes, PixelDataDescription description)
        where T : unmanaged
    {
        var source = MemoryMarshal.Cast<byte, T>(sourceBytes);
        var destination = MemoryMarshal.Cast<byte, T>(destinationBytes);
        if (description.PhotometricInterpretation == PhotometricInterpretation.YbrFull422)
        {
            ExpandYbr422(source, destination);
        }
        else if (description.SamplesPerPixel > 1 && description.PlanarConfiguration == PlanarConfiguration.Planar)
        {
            Interleave(source, destination, description.PixelCount, description.SamplesPerPixel);
        }
        else
        {
            source.CopyTo(destination);
        }
    }

    /// <summary>Color-by-plane to color-by-pixel.</summary>
    internal static void Interleave<T>(ReadOnlySpan<T> planes, Span<T> pixels, int pixelCount, int samplesPerPixel)
    {
        for (int sample = 0; sample < samplesPerPixel; sample++)
        {
            var plane = planes.Slice(sample * pixelCount, pixelCount);
            for (int i = 0; i < pixelCount; i++)
            {
                pixels[(i * samplesPerPixel) + sample] = plane[i];
            }
        }
    }

    /// <summary>Y1 Y2 Cb Cr per pixel pair (PS3.3 C.7.6.3.1.2) to Y Cb Cr per pixel.</summary>
    private static void ExpandYbr422<T>(ReadOnlySpan<T> source, Span<T> destination)
    {
        for (int s = 0, d = 0; s + 3 < source.Length; s += 4, d += 6)
        {
            T cb = source[s + 2];
            T cr = source[s + 3];
            destination[d] = source[s];
            destination[d + 1] = cb;
            destination[d + 2] = cr;
            destination[d + 3] = source[s + 1];
            destination[d + 4] = cb;
            destination[d + 5] = cr;
        }
    }

    private static void ReverseEndianness(Span<byte> samples, int bytesPerSample)
    {
        switch (bytesPerSample)
        {
            case 2:
                var words = MemoryMarshal.Cast<byte, ushort>(samples);
                BinaryPrimitives.ReverseEndianness(words, words);
                break;
            case 4:
                var longWords = MemoryMarshal.Cast<byte, uint>(samples);
                BinaryPrimitives.ReverseEndianness(longWords, longWords);
                break;
        }
    }
}

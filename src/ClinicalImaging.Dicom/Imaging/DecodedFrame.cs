using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ClinicalImaging.Dicom.Imaging;

/// <summary>
/// One decoded frame: every pixel at full resolution, samples interleaved (R G B R G B … for color),
/// machine byte order, values masked to Bits Stored and sign-extended. Samples keep their natural width
/// (<see cref="SampleType"/>, like pydicom's <c>pixel_array</c> dtype) rather than widening everything to
/// <c>int</c> or <c>float</c>: a 512 × 512 CT frame stays 512 KiB, and the display pipeline reads any
/// width through one generic path. The buffer is rented from <see cref="ArrayPool{T}.Shared"/>; dispose
/// the frame to return it, after which the frame must not be used.
/// </summary>
public sealed class DecodedFrame : IDisposable
{
    private byte[]? _buffer;

    public DecodedFrame(
        int rows,
        int columns,
        int samplesPerPixel,
        PixelSampleType sampleType,
        int bitsStored,
        PhotometricInterpretation photometricInterpretation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (samplesPerPixel is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(samplesPerPixel), samplesPerPixel, "Expected 1 or 3.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(bitsStored, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitsStored, sampleType.ByteSize() * 8);
        Rows = rows;
        Columns = columns;
        SamplesPerPixel = samplesPerPixel;
        SampleType = sampleType;
        BitsStored = bitsStored;
        PhotometricInterpretation = photometricInterpretation;
        ByteLength = checked(rows * columns * samplesPerPixel * sampleType.ByteSize());
        _buffer = ArrayPool<byte>.Shared.Rent(ByteLength);
    }

    public int Rows { get; }

    public int Columns { get; }

    public int SamplesPerPixel { get; }

    public PixelSampleType SampleType { get; }

    public int BitsStored { get; }

    /// <summary>
    /// The color space of the decoded samples. Subsampled YBR (422/420) is always expanded to YBR_FULL,
    /// and a codec may report RGB where its decoder already converted the color space.
    /// </summary>
    public PhotometricInterpretation PhotometricInterpretation { get; }

    public int PixelCount => Rows * Columns;

    public int SampleCount => Rows * Columns * SamplesPerPixel;

    public int ByteLength { get; }

    /// <summary>The samples as raw bytes (machine byte order).</summary>
    public Span<byte> Bytes => Buffer.AsSpan(0, ByteLength);

    /// <summary>Creates an empty frame shaped for one frame of <paramref name="description"/>.</summary>
    public static DecodedFrame Create(PixelDataDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var photometric = description.PhotometricInterpretation is PhotometricInterpretation.YbrFull422
            or PhotometricInterpretation.YbrPartial420
            ? PhotometricInterpretation.YbrFull
            : description.PhotometricInterpretation;
        return new DecodedFrame(
            description.Rows,
            description.Columns,
            description.SamplesPerPixel,
            description.DecodedSampleType,
            description.BitsStored,
            photometric);
    }

    /// <summary>The samples typed; <typeparamref name="T"/> must match <see cref="SampleType"/>.</summary>
    public Span<T> GetSamples<T>()
        where T : unmanaged
    {
        if (PixelSampleTypes.Of<T>() != SampleType)
        {
            throw new InvalidOperationException($"The frame holds {SampleType} samples, not {typeof(T).Name}.");
        }

        return MemoryMarshal.Cast<byte, T>(Bytes);
    }

    /// <summary>
    /// Keeps the Bits Stored bits that end at <paramref name="highBit"/>, shifts them to bit 0 and
    /// sign-extends signed samples (PS3.5 8.1.1): whatever an encoder left in the unused high bits is
    /// discarded. A no-op when Bits Stored fills the sample and High Bit is the top bit.
    /// </summary>
    public void NormalizeStoredBits(int highBit) => CopyStoredBits(Bytes, highBit);

    /// <summary>
    /// Fills the frame from <paramref name="source"/> (samples in this frame's layout and byte order) and
    /// normalises the stored bits in the same pass, as <see cref="NormalizeStoredBits"/> does in place.
    /// </summary>
    internal void CopyStoredBits(ReadOnlySpan<byte> source, int highBit)
    {
        var destination = Bytes;
        if (source.Length != destination.Length)
        {
            throw new ArgumentException($"Expected {destination.Length} bytes of samples, got {source.Length}.", nameof(source));
        }

        int sampleBits = SampleType.ByteSize() * 8;
        int shift = highBit - BitsStored + 1;
        if (shift < 0 || highBit >= sampleBits)
        {
            throw new PixelDataException(
                $"High Bit (0028,0102) {highBit} does not fit Bits Stored {BitsStored} in {sampleBits}-bit samples.");
        }

        // Shift the high bit to the top of the sample, then back down by the unused width: the right shift is
        // arithmetic for signed sample types (sign extension) and logical for unsigned ones (masking).
        int left = sampleBits - 1 - highBit;
        int right = sampleBits - BitsStored;
        if (left == 0 && right == 0)
        {
            source.CopyTo(destination);
            return;
        }

        switch (SampleType)
        {
            case PixelSampleType.UInt8: Normalize<byte>(source, destination, left, right); break;
            case PixelSampleType.Int8: Normalize<sbyte>(source, destination, left, right); break;
            case PixelSampleType.UInt16: Normalize<ushort>(source, destination, left, right); break;
            case PixelSampleType.Int16: Normalize<short>(source, destination, left, right); break;
            case PixelSampleType.UInt32: Normalize<uint>(source, destination, left, right); break;
            case PixelSampleType.Int32: Normalize<int>(source, destination, left, right); break;
            default: throw new InvalidOperationException($"Unknown sample type {SampleType}.");
        }
    }

    /// <summary>Runs <paramref name="action"/> over the samples with their real element type.</summary>
    public void Visit<TAction>(ref TAction action)
        where TAction : struct, ISampleVisitor, allows ref struct
    {
        switch (SampleType)
        {
            case PixelSampleType.UInt8: action.Visit<byte>(GetSamples<byte>()); break;
            case PixelSampleType.Int8: action.Visit<sbyte>(GetSamples<sbyte>()); break;
            case PixelSampleType.UInt16: action.Visit<ushort>(GetSamples<ushort>()); break;
            case PixelSampleType.Int16: action.Visit<short>(GetSamples<short>()); break;
            case PixelSampleType.UInt32: action.Visit<uint>(GetSamples<uint>()); break;
            case PixelSampleType.Int32: action.Visit<int>(GetSamples<int>()); break;
            default: throw new InvalidOperationException($"Unknown sample type {SampleType}.");
        }
    }

    public void Dispose()
    {
        byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(DecodedFrame));

    /// <summary>(x &lt;&lt; left) &gt;&gt; right per sample, a vector at a time; source and destination may be the same memory.</summary>
    private static void Normalize<T>(ReadOnlySpan<byte> sourceBytes, Span<byte> destinationBytes, int left, int right)
        where T : unmanaged, IBinaryInteger<T>
    {
        var source = MemoryMarshal.Cast<byte, T>(sourceBytes);
        var destination = MemoryMarshal.Cast<byte, T>(destinationBytes);
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var sourceVectors = MemoryMarshal.Cast<T, Vector<T>>(source);
            var destinationVectors = MemoryMarshal.Cast<T, Vector<T>>(destination);
            for (int v = 0; v < sourceVectors.Length; v++)
            {
                destinationVectors[v] = (sourceVectors[v] << left) >> right;
            }

            i = sourceVectors.Length * Vector<T>.Count;
        }

        for (; i < source.Length; i++)
        {
            destination[i] = (source[i] << left) >> right;
        }
    }
}

namespace ClinicalImaging.Dicom.Imaging;

/// <summary>Pixel Representation (0028,0103).</summary>
public enum PixelRepresentation
{
    Unsigned = 0,
    Signed = 1,
}

/// <summary>Planar Configuration (0028,0006): how the samples of a color pixel are laid out natively.</summary>
public enum PlanarConfiguration
{
    /// <summary>Color-by-pixel: R1 G1 B1 R2 G2 B2 …</summary>
    Interleaved = 0,

    /// <summary>Color-by-plane: all R, then all G, then all B (per frame).</summary>
    Planar = 1,
}

/// <summary>
/// The Image Pixel module attributes that describe how pixel data is laid out (PS3.3 C.7.6.3), validated
/// once on construction so every decoder can trust them. Properties are get-only, so a <c>with</c>
/// expression cannot produce an unvalidated copy.
/// </summary>
public sealed record PixelDataDescription
{
    /// <summary>Validates and creates a description.</summary>
    /// <exception cref="PixelDataException">An attribute is out of range or inconsistent with another.</exception>
    public PixelDataDescription(
        int rows,
        int columns,
        int bitsAllocated,
        int bitsStored,
        int highBit,
        PixelRepresentation pixelRepresentation,
        int samplesPerPixel = 1,
        PhotometricInterpretation photometricInterpretation = PhotometricInterpretation.Monochrome2,
        PlanarConfiguration planarConfiguration = PlanarConfiguration.Interleaved,
        int numberOfFrames = 1)
    {
        Require(rows is >= 1 and <= ushort.MaxValue, $"Rows (0028,0010) must be 1..65535, not {rows}.");
        Require(columns is >= 1 and <= ushort.MaxValue, $"Columns (0028,0011) must be 1..65535, not {columns}.");
        Require(
            bitsAllocated is 1 or 8 or 16 or 32,
            $"Bits Allocated (0028,0100) {bitsAllocated} is not supported; expected 1, 8, 16 or 32.");
        Require(
            bitsStored >= 1 && bitsStored <= bitsAllocated,
            $"Bits Stored (0028,0101) {bitsStored} must be 1..Bits Allocated ({bitsAllocated}).");
        Require(
            highBit >= bitsStored - 1 && highBit < bitsAllocated,
            $"High Bit (0028,0102) {highBit} must be between Bits Stored - 1 ({bitsStored - 1}) and Bits Allocated - 1 ({bitsAllocated - 1}).");
        Require(
            Enum.IsDefined(pixelRepresentation),
            $"Pixel Representation (0028,0103) must be 0 or 1, not {(int)pixelRepresentation}.");
        Require(
            Enum.IsDefined(photometricInterpretation),
            $"Photometric Interpretation (0028,0004) value {(int)photometricInterpretation} is not defined.");
        Require(
            samplesPerPixel == photometricInterpretation.RequiredSamplesPerPixel(),
            $"Samples per Pixel (0028,0002) {samplesPerPixel} does not match Photometric Interpretation {photometricInterpretation.ToCode()}, which needs {photometricInterpretation.RequiredSamplesPerPixel()}.");
        Require(
            Enum.IsDefined(planarConfiguration),
            $"Planar Configuration (0028,0006) must be 0 or 1, not {(int)planarConfiguration}.");
        Require(
            bitsAllocated != 1 || samplesPerPixel == 1,
            "Bits Allocated (0028,0100) 1 is only defined for one sample per pixel.");
        Require(numberOfFrames >= 1, $"Number of Frames (0028,0008) must be at least 1, not {numberOfFrames}.");

        long frameBits = (long)rows * columns * StoredSamplesPerPixelTimesTwo(photometricInterpretation, samplesPerPixel) * bitsAllocated / 2;
        long decodedBytes = (long)rows * columns * samplesPerPixel * Math.Max(bitsAllocated / 8, 1);
        Require(
            decodedBytes <= Array.MaxLength,
            $"A frame of {rows} x {columns} x {samplesPerPixel} samples of {bitsAllocated} bits is too large to hold in memory.");

        Rows = rows;
        Columns = columns;
        BitsAllocated = bitsAllocated;
        BitsStored = bitsStored;
        HighBit = highBit;
        PixelRepresentation = pixelRepresentation;
        SamplesPerPixel = samplesPerPixel;
        PhotometricInterpretation = photometricInterpretation;
        // Planar Configuration is meaningless for one sample per pixel; normalising keeps equality honest.
        PlanarConfiguration = samplesPerPixel == 1 ? PlanarConfiguration.Interleaved : planarConfiguration;
        NumberOfFrames = numberOfFrames;
        NativeFrameBitLength = frameBits;
    }

    public int Rows { get; }

    public int Columns { get; }

    public int BitsAllocated { get; }

    public int BitsStored { get; }

    public int HighBit { get; }

    public PixelRepresentation PixelRepresentation { get; }

    public int SamplesPerPixel { get; }

    public PhotometricInterpretation PhotometricInterpretation { get; }

    public PlanarConfiguration PlanarConfiguration { get; }

    public int NumberOfFrames { get; }

    public bool IsSigned => PixelRepresentation == PixelRepresentation.Signed;

    /// <summary>Pixels in one frame (rows × columns).</summary>
    public int PixelCount => Rows * Columns;

    /// <summary>
    /// Length in bits of one frame in native (uncompressed) encoding. 1-bit frames are packed back to back
    /// without byte alignment, so frame <c>n</c> starts at bit <c>n × NativeFrameBitLength</c>.
    /// YBR_FULL_422 stores two samples per pixel (Y1 Y2 Cb Cr per pixel pair).
    /// </summary>
    public long NativeFrameBitLength { get; }

    /// <summary>Bytes one native frame spans (rounded up for 1-bit frames).</summary>
    public int NativeFrameByteLength => (int)((NativeFrameBitLength + 7) / 8);

    /// <summary>Bytes all frames span natively, excluding the trailing pad byte of odd-length values.</summary>
    public long NativePixelDataByteLength => ((NativeFrameBitLength * NumberOfFrames) + 7) / 8;

    /// <summary>The type each sample of a decoded frame has (like pydicom's <c>pixel_array</c> dtype).</summary>
    public PixelSampleType DecodedSampleType => PixelSampleTypes.For(BitsAllocated, PixelRepresentation);

    /// <summary>Smallest and largest value that Bits Stored and Pixel Representation allow.</summary>
    public (long Min, long Max) StoredValueRange => IsSigned
        ? (-(1L << (BitsStored - 1)), (1L << (BitsStored - 1)) - 1)
        : (0, (1L << BitsStored) - 1);

    /// <summary>Throws unless <paramref name="frameIndex"/> names a frame of this description.</summary>
    public void RequireFrame(int frameIndex)
    {
        if ((uint)frameIndex >= (uint)NumberOfFrames)
        {
            throw new PixelDataException(
                $"Frame index {frameIndex} is out of range; Number of Frames (0028,0008) is {NumberOfFrames}.");
        }
    }

    private static int StoredSamplesPerPixelTimesTwo(PhotometricInterpretation photometric, int samples) =>
        photometric switch
        {
            PhotometricInterpretation.YbrFull422 => 4, // Y1 Y2 Cb Cr: two samples per pixel
            PhotometricInterpretation.YbrPartial420 => 3, // four Y, one Cb, one Cr per 2x2 block
            _ => samples * 2,
        };

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new PixelDataException(message);
        }
    }
}

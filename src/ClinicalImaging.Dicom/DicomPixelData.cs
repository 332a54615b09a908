namespace ClinicalImaging.Dicom;

/// <summary>
/// Access to a data set's Pixel Data by frame, without decoding: raw native frame bytes (read from a lazy
/// source only as far as asked), or the encapsulated fragments of each frame. Decoding lives elsewhere.
/// </summary>
public sealed class DicomPixelData
{
    private readonly DicomDataset dataset;
    private readonly DicomElement element;
    private IReadOnlyList<IReadOnlyList<DicomFragment>>? frames;

    private DicomPixelData(DicomDataset dataset, DicomElement element, DicomTransferSyntax? transferSyntax)
    {
        this.dataset = dataset;
        this.element = element;
        TransferSyntax = transferSyntax;
        BitsStored = dataset.TryGetInt32(DicomTags.BitsStored, out var stored) ? stored : 0;
        HighBit = dataset.TryGetInt32(DicomTags.HighBit, out var high) ? high : BitsStored - 1;
        PixelRepresentation = dataset.TryGetInt32(DicomTags.PixelRepresentation, out var representation) ? representation : 0;
        PlanarConfiguration = dataset.TryGetInt32(DicomTags.PlanarConfiguration, out var planar) ? planar : 0;
        PhotometricInterpretation = dataset.GetString(DicomTags.PhotometricInterpretation) ?? string.Empty;
        Rows = dataset.TryGetInt32(DicomTags.Rows, out var rows) ? rows : 0;
        Columns = dataset.TryGetInt32(DicomTags.Columns, out var columns) ? columns : 0;
        SamplesPerPixel = dataset.TryGetInt32(DicomTags.SamplesPerPixel, out var samples) ? samples : 1;
        BitsAllocated = dataset.TryGetInt32(DicomTags.BitsAllocated, out var bits) ? bits : 0;
        NumberOfFrames = dataset.TryGetInt32(DicomTags.NumberOfFrames, out var count) && count > 0 ? count : 1;
    }

    public int Rows { get; }

    public int Columns { get; }

    public int SamplesPerPixel { get; }

    public int BitsAllocated { get; }

    public int NumberOfFrames { get; }

    public int BitsStored { get; }

    public int HighBit { get; }

    /// <summary>0 unsigned, 1 two's complement.</summary>
    public int PixelRepresentation { get; }

    /// <summary>0 colour-by-pixel, 1 colour-by-plane.</summary>
    public int PlanarConfiguration { get; }

    /// <summary>MONOCHROME1, MONOCHROME2, RGB, YBR_FULL, PALETTE COLOR…; empty when absent.</summary>
    public string PhotometricInterpretation { get; }

    /// <summary>The syntax the pixel data is encoded in, when known (from a <see cref="DicomFile"/>); tells a codec what the fragments hold.</summary>
    public DicomTransferSyntax? TransferSyntax { get; }

    public bool IsEncapsulated => element is DicomFragmentSequence;

    /// <summary>The encapsulated pixel data model; null for native pixel data.</summary>
    public EncapsulatedPixelData? Encapsulated => (element as DicomFragmentSequence)?.PixelData;

    /// <summary>Bits in one native frame: rows × columns × samples × bits allocated.</summary>
    public long FrameBits => (long)Rows * Columns * SamplesPerPixel * BitsAllocated;

    /// <summary>Bytes one native frame occupies when frames are byte aligned (rounded up for 1-bit data).</summary>
    public long FrameLength => (FrameBits + 7) / 8;

    /// <summary>Pixel Data of a data set; null when it has none. Float and Double Float Pixel Data count too.</summary>
    public static DicomPixelData? From(DicomDataset dataset) => From(dataset, null);

    /// <summary>Pixel Data of a file, with its transfer syntax; null when it has none.</summary>
    public static DicomPixelData? From(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return From(file.Dataset, file.TransferSyntax);
    }

    private static DicomPixelData? From(DicomDataset dataset, DicomTransferSyntax? transferSyntax)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var element = dataset.Find(DicomTags.PixelData) ?? dataset.Find(DicomTags.FloatPixelData) ?? dataset.Find(DicomTags.DoubleFloatPixelData);
        return element is null ? null : new DicomPixelData(dataset, element, transferSyntax);
    }

    /// <summary>The raw little-endian bytes of native frames [first, first + count), each <see cref="FrameLength"/> long.</summary>
    /// <exception cref="DicomValueException">The pixel data is encapsulated, or shorter than the frames asked for.</exception>
    public byte[] ReadNativeFrames(int first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first + count, NumberOfFrames);
        if (element is not DicomValueElement native)
        {
            throw new DicomValueException("Pixel Data is encapsulated; read its frames with GetFrameFragments.");
        }

        if (FrameBits == 0)
        {
            throw new DicomValueException("Rows, Columns or Bits Allocated is missing, so frames cannot be located.");
        }

        var startBit = first * FrameBits;
        var bitCount = count * FrameBits;
        var startByte = startBit / 8;
        var byteCount = (int)((startBit % 8 + bitCount + 7) / 8);
        if (startByte + byteCount > native.Length)
        {
            throw new DicomValueException($"Pixel Data has {native.Length} bytes; frames {first}..{first + count - 1} need {startByte + byteCount}.");
        }

        var bytes = new byte[byteCount];
        native.Buffer.Read(startByte, bytes);
        var shift = (int)(startBit % 8);
        return shift == 0 ? bytes : ShiftBits(bytes, shift, (int)((bitCount + 7) / 8));
    }

    /// <summary>The fragments holding one encapsulated frame (lazy buffers stay lazy).</summary>
    public IReadOnlyList<DicomFragment> GetFrameFragments(int frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, NumberOfFrames);
        var pixelData = Encapsulated ?? throw new DicomValueException("Pixel Data is native; read it with ReadNativeFrames.");
        frames ??= pixelData.MapFrames(NumberOfFrames, ExtendedOffsetTable());
        return frames[frame];
    }

    /// <summary>One encapsulated frame's bytes: its fragments concatenated (still compressed).</summary>
    public byte[] ReadEncapsulatedFrame(int frame) => EncapsulatedPixelData.ReadFrame(GetFrameFragments(frame));

    private ulong[]? ExtendedOffsetTable() =>
        dataset.Contains(DicomTags.ExtendedOffsetTable) ? dataset.GetValues<ulong>(DicomTags.ExtendedOffsetTable) : null;

    /// <summary>1-bit frames need not start on a byte: shift the bits down so the frame's first bit is bit 0 of byte 0.</summary>
    private static byte[] ShiftBits(byte[] bytes, int shift, int length)
    {
        var result = new byte[length];
        for (var i = 0; i < length; i++)
        {
            var low = bytes[i] >> shift;
            var high = i + 1 < bytes.Length ? bytes[i + 1] << (8 - shift) : 0;
            result[i] = (byte)(low | high);
        }

        return result;
    }
}

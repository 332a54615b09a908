namespace ClinicalImaging.Dicom;

/// <summary>A data element: a tag, its VR, and a value, sequence of items, or encapsulated pixel data.</summary>
public abstract class DicomElement
{
    protected DicomElement(DicomTag tag, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(vr);
        Tag = tag;
        VR = vr;
    }

    public DicomTag Tag { get; }

    public DicomVR VR { get; }

    public override string ToString() => $"{Tag} {VR}";
}

/// <summary>An element with a plain value (every VR but SQ; also native Pixel Data).</summary>
public sealed class DicomValueElement : DicomElement
{
    public DicomValueElement(DicomTag tag, DicomVR vr, DicomBuffer buffer)
        : base(tag, vr)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        Buffer = buffer;
    }

    /// <summary>The value bytes, little endian, including any padding byte the source had.</summary>
    public DicomBuffer Buffer { get; }

    public long Length => Buffer.Length;
}

/// <summary>A sequence (SQ) of items, each a nested data set.</summary>
public sealed class DicomSequence : DicomElement
{
    private readonly List<DicomDataset> items;

    public DicomSequence(DicomTag tag, IEnumerable<DicomDataset> items)
        : base(tag, DicomVR.SQ)
    {
        ArgumentNullException.ThrowIfNull(items);
        this.items = [.. items];
    }

    /// <summary>Takes ownership of a list the reader has just filled (no copy).</summary>
    internal DicomSequence(DicomTag tag, List<DicomDataset> items)
        : base(tag, DicomVR.SQ)
    {
        this.items = items;
    }

    public IReadOnlyList<DicomDataset> Items => items;

    internal void AttachTo(DicomDataset parent)
    {
        foreach (var item in items)
        {
            item.Parent = parent;
        }
    }
}

/// <summary>Encapsulated (compressed) Pixel Data: an offset table and fragments.</summary>
public sealed class DicomFragmentSequence : DicomElement
{
    public DicomFragmentSequence(DicomTag tag, DicomVR vr, EncapsulatedPixelData pixelData)
        : base(tag, vr)
    {
        ArgumentNullException.ThrowIfNull(pixelData);
        PixelData = pixelData;
    }

    public EncapsulatedPixelData PixelData { get; }
}

namespace ClinicalImaging.Dicom;

/// <summary>
/// One fragment of encapsulated Pixel Data.
/// </summary>
/// <param name="ItemOffset">Offset of the fragment's item tag from the first fragment's item tag: the unit of the Basic and Extended Offset Tables.</param>
/// <param name="SourceOffset">Offset of the fragment's bytes in the source stream, or -1 for fragments built in memory.</param>
/// <param name="Buffer">The fragment bytes (lazy when the file was read lazily).</param>
public sealed record DicomFragment(long ItemOffset, long SourceOffset, DicomBuffer Buffer)
{
    public long Length => Buffer.Length;
}

/// <summary>Encapsulated Pixel Data (PS3.5 A.4): the Basic Offset Table, the fragments, and which fragments make each frame.</summary>
public sealed class EncapsulatedPixelData
{
    private readonly List<DicomFragment> fragments;

    public EncapsulatedPixelData(IReadOnlyList<uint> basicOffsetTable, IEnumerable<DicomFragment> fragments)
    {
        ArgumentNullException.ThrowIfNull(basicOffsetTable);
        ArgumentNullException.ThrowIfNull(fragments);
        BasicOffsetTable = basicOffsetTable;
        this.fragments = [.. fragments];
    }

    /// <summary>Frame start offsets from the first item; often empty.</summary>
    public IReadOnlyList<uint> BasicOffsetTable { get; }

    public IReadOnlyList<DicomFragment> Fragments => fragments;

    /// <summary>Builds pixel data with one fragment per frame and a Basic Offset Table, ready to write.</summary>
    public static EncapsulatedPixelData FromFrames(IEnumerable<ReadOnlyMemory<byte>> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var offsets = new List<uint>();
        var built = new List<DicomFragment>();
        long itemOffset = 0;
        foreach (var frame in frames)
        {
            // Fragments have even length (PS3.5 A.4); pad with a trailing NUL.
            var bytes = frame;
            if (bytes.Length % 2 == 1)
            {
                var padded = new byte[bytes.Length + 1];
                bytes.Span.CopyTo(padded);
                bytes = padded;
            }

            offsets.Add(checked((uint)itemOffset));
            built.Add(new DicomFragment(itemOffset, -1, DicomBuffer.FromBytes(bytes)));
            itemOffset += 8 + bytes.Length;
        }

        return new EncapsulatedPixelData(offsets, built);
    }

    /// <summary>
    /// Groups fragments into frames: by the Extended Offset Table when given, else the Basic Offset Table, else one
    /// frame per fragment when the counts agree, else all fragments for a single frame, else by JPEG / JPEG 2000
    /// start-of-codestream markers.
    /// </summary>
    /// <exception cref="DicomValueException">The fragments cannot be assigned to <paramref name="numberOfFrames"/> frames.</exception>
    public IReadOnlyList<IReadOnlyList<DicomFragment>> MapFrames(int numberOfFrames, IReadOnlyList<ulong>? extendedOffsetTable = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numberOfFrames);
        if (extendedOffsetTable is { Count: > 0 })
        {
            return ByOffsets(extendedOffsetTable.Select(o => checked((long)o)).ToList(), numberOfFrames, "Extended Offset Table");
        }

        if (BasicOffsetTable.Count > 0)
        {
            return ByOffsets(BasicOffsetTable.Select(o => (long)o).ToList(), numberOfFrames, "Basic Offset Table");
        }

        if (fragments.Count == numberOfFrames)
        {
            return fragments.Select(f => (IReadOnlyList<DicomFragment>)[f]).ToList();
        }

        if (numberOfFrames == 1)
        {
            return [fragments];
        }

        var starts = fragments.Where(StartsCodestream).Select(f => f.ItemOffset).ToList();
        if (starts.Count == numberOfFrames && starts[0] == 0)
        {
            return ByOffsets(starts, numberOfFrames, "codestream markers");
        }

        throw new DicomValueException($"Cannot assign {fragments.Count} fragments to {numberOfFrames} frames: no offset table and no codestream markers to follow.");
    }

    /// <summary>The bytes of one frame: its fragments concatenated.</summary>
    public static byte[] ReadFrame(IReadOnlyList<DicomFragment> frameFragments)
    {
        ArgumentNullException.ThrowIfNull(frameFragments);
        var frame = GC.AllocateUninitializedArray<byte>(checked((int)frameFragments.Sum(f => f.Length)));
        var position = 0;
        foreach (var fragment in frameFragments)
        {
            fragment.Buffer.Read(0, frame.AsSpan(position, (int)fragment.Length));
            position += (int)fragment.Length;
        }

        return frame;
    }

    private List<IReadOnlyList<DicomFragment>> ByOffsets(List<long> offsets, int numberOfFrames, string source)
    {
        if (offsets.Count != numberOfFrames)
        {
            throw new DicomValueException($"The {source} lists {offsets.Count} frames but the image has {numberOfFrames}.");
        }

        var frames = new List<IReadOnlyList<DicomFragment>>(numberOfFrames);
        for (var i = 0; i < offsets.Count; i++)
        {
            var start = offsets[i];
            var end = i + 1 < offsets.Count ? offsets[i + 1] : long.MaxValue;
            if (end < start || fragments.All(f => f.ItemOffset != start))
            {
                throw new DicomValueException($"The {source} entry {i} ({start}) does not point at a fragment boundary in ascending order.");
            }

            frames.Add(fragments.Where(f => f.ItemOffset >= start && f.ItemOffset < end).ToList());
        }

        return frames;
    }

    private static bool StartsCodestream(DicomFragment fragment)
    {
        if (fragment.Length < 4)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[4];
        fragment.Buffer.Read(0, head);
        return (head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) // JPEG SOI then a marker
            || (head[0] == 0xFF && head[1] == 0x4F && head[2] == 0xFF && head[3] == 0x51) // JPEG 2000 SOC, SIZ
            || (head[0] == 0x00 && head[1] == 0x00 && head[2] == 0x00 && head[3] == 0x0C); // JP2 signature box
    }
}

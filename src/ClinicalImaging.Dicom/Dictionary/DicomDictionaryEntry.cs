namespace ClinicalImaging.Dicom.Dictionary;

/// <summary>One public data element of PS3.6/PS3.7.</summary>
/// <param name="Tag">The tag; for a repeating group or element, its first instance (x digits as 0).</param>
/// <param name="RepeatingMask">Bits of the tag that identify the entry: 0xFFFFFFFF for a plain tag, fewer for 60xx-style entries.</param>
/// <param name="ValueRepresentations">The VR, or the alternatives PS3.6 lists (e.g. US or SS); empty for item and delimitation tags.</param>
/// <param name="ValueMultiplicity">As PS3.6 writes it: "1", "1-n", "2-2n"…</param>
public sealed record DicomDictionaryEntry(
    DicomTag Tag,
    uint RepeatingMask,
    string Keyword,
    string Name,
    IReadOnlyList<DicomVR> ValueRepresentations,
    string ValueMultiplicity,
    bool IsRetired)
{
    /// <summary>The VR when PS3.6 gives one; for alternatives the first, which readers refine from context.</summary>
    public DicomVR? ValueRepresentation => ValueRepresentations.Count > 0 ? ValueRepresentations[0] : null;

    public bool HasAmbiguousValueRepresentation => ValueRepresentations.Count > 1;

    public bool IsRepeating => RepeatingMask != uint.MaxValue;

    public bool Matches(DicomTag tag) => (tag.Value & RepeatingMask) == Tag.Value
        && (!IsRepeating || !IsEvenGroupRepeat || (tag.Group & 1) == 0);

    // 50xx, 60xx and 7Fxx repeat over even groups only (PS3.5 §7.6).
    private bool IsEvenGroupRepeat => (RepeatingMask & 0x00FF0000) == 0;
}

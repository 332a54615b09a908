using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace ClinicalImaging.Dicom.Dictionary;

/// <summary>
/// Known private data elements by private creator (pydicom's private dictionary, from GDCM's; generated into
/// <c>DicomPrivateDictionaryData.g.cs</c>). A private element (gggg,xxee) is identified by the creator that
/// reserved block xx and by gggg and ee, whatever block the creator got. Lookup follows pydicom's order: the exact
/// tag, then (gggg,xxee), then (ggxx,xxee) for entries that hold in a range of groups.
/// </summary>
public static class DicomPrivateDictionary
{
    /// <summary>Every entry in source order.</summary>
    public static IReadOnlyList<DicomPrivateDictionaryEntry> Entries => Data.Value.Entries;

    /// <summary>The entry for a private data element (not a creator element) reserved by <paramref name="creator"/>; null when unknown.</summary>
    public static DicomPrivateDictionaryEntry? Lookup(string creator, DicomTag tag)
    {
        ArgumentNullException.ThrowIfNull(creator);
        if (!tag.IsPrivate || tag.IsPrivateCreator || !Data.Value.ByCreator.TryGetValue(creator, out var entries))
        {
            return null;
        }

        var elementByte = tag.Element & 0xFF;
        return entries.GetValueOrDefault(Key(tag.Value, exact: true))
            ?? entries.GetValueOrDefault(Key(((uint)tag.Group << 16) | (uint)elementByte, exact: false))
            ?? entries.GetValueOrDefault(Key(((uint)(tag.Group & 0xFF00) << 16) | (uint)elementByte, exact: false, anyGroupByte: true));
    }

    /// <summary>The entry for a private data element of <paramref name="dataset"/>, whose creator element is read from the same data set.</summary>
    public static DicomPrivateDictionaryEntry? Lookup(DicomDataset dataset, DicomTag tag)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return tag.PrivateCreatorTag is { } creatorTag && dataset.Contains(creatorTag) && dataset.GetString(creatorTag) is { Length: > 0 } creator
            ? Lookup(creator, tag)
            : null;
    }

    // Keys: the exact tag, or the tag with its block byte (and for group ranges, its low group byte) zeroed, marked
    // in the two top bits of a 64-bit key so the three shapes never collide.
    private static ulong Key(uint tag, bool exact, bool anyGroupByte = false) =>
        tag | (exact ? 0UL : 1UL << 32) | (anyGroupByte ? 1UL << 33 : 0UL);

    private static Tables Build()
    {
        var entries = new List<DicomPrivateDictionaryEntry>(9500);
        var byCreator = new Dictionary<string, Dictionary<ulong, DicomPrivateDictionaryEntry>>(StringComparer.Ordinal);
        foreach (var line in DicomPrivateDictionaryData.Elements.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty)
            {
                continue;
            }

            var fields = line.ToString().Split('\t');
            var pattern = fields[1];
            var anyGroupByte = pattern[2] == 'x';
            var exact = !pattern.Contains('x', StringComparison.Ordinal);
            var value = uint.Parse(pattern.Replace('x', '0'), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

            // pydicom's one two-VR entry (OB_OW) is read as OW without a VR in the stream, like public OB/OW elements.
            var vr = fields[2] == "OB_OW" ? DicomVR.OW : DicomVR.Parse(fields[2]);
            var entry = new DicomPrivateDictionaryEntry(fields[0], pattern, vr, fields[3], fields[4]);
            entries.Add(entry);
            if (!byCreator.TryGetValue(entry.Creator, out var map))
            {
                byCreator[entry.Creator] = map = [];
            }

            map.TryAdd(Key(value, exact, anyGroupByte), entry);
        }

        return new Tables(
            entries,
            byCreator.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenDictionary(), StringComparer.Ordinal));
    }

    private static class Data
    {
        internal static readonly Tables Value = Build();
    }

    private sealed record Tables(
        IReadOnlyList<DicomPrivateDictionaryEntry> Entries,
        FrozenDictionary<string, FrozenDictionary<ulong, DicomPrivateDictionaryEntry>> ByCreator);
}

/// <summary>One known private element.</summary>
/// <param name="Creator">The private creator (0gggg,00xx) value that reserves the block.</param>
/// <param name="TagPattern">Eight hex digits; xx in the element = any block, ggxx in the group = a range of groups.</param>
/// <param name="ValueRepresentation">The VR to use when the stream gives none (implicit VR) or says UN.</param>
/// <param name="ValueMultiplicity">As the source writes it: "1", "1-n", "2"…</param>
/// <param name="Name">The source's name for the element, e.g. "CSA Image Header Info".</param>
public sealed record DicomPrivateDictionaryEntry(string Creator, string TagPattern, DicomVR ValueRepresentation, string ValueMultiplicity, string Name)
{
    /// <summary>The name as an identifier (letters and digits of each word, capitalised): "CSAImageHeaderInfo".</summary>
    public string Keyword { get; } = ToKeyword(Name);

    private static string ToKeyword(string name)
    {
        var keyword = new StringBuilder(name.Length);
        var startOfWord = true;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                startOfWord = true;
                continue;
            }

            keyword.Append(startOfWord ? char.ToUpperInvariant(c) : c);
            startOfWord = false;
        }

        return keyword.ToString();
    }
}

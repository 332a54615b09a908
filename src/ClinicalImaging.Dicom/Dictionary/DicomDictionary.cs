using System.Collections.Frozen;
using System.Globalization;

namespace ClinicalImaging.Dicom.Dictionary;

/// <summary>The public data dictionary (PS3.6 and the PS3.7 command group), built once from the generated table.</summary>
public static class DicomDictionary
{
    /// <summary>Every entry in registry order.</summary>
    public static IReadOnlyList<DicomDictionaryEntry> Entries => Data.Value.Entries;

    /// <summary>Finds the entry for a tag, including repeating groups such as (6002,3000); null for private or unknown tags.</summary>
    public static DicomDictionaryEntry? Lookup(DicomTag tag)
    {
        var tables = Data.Value;
        if (tables.ByTag.TryGetValue(tag.Value, out var entry))
        {
            return entry;
        }

        if (tag.IsPrivate)
        {
            return null; // every repeating group of PS3.6 is even: skip the scan for private tags
        }

        foreach (var repeating in tables.Repeating)
        {
            if (repeating.Matches(tag))
            {
                return repeating;
            }
        }

        return null;
    }

    public static DicomDictionaryEntry? Lookup(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        return Data.Value.ByKeyword.GetValueOrDefault(keyword);
    }

    /// <summary>The keyword for a tag, or null when the tag is not in the dictionary.</summary>
    public static string? KeywordOf(DicomTag tag) => Lookup(tag) is { Keyword.Length: > 0 } entry ? entry.Keyword : null;

    private static Tables Build()
    {
        var entries = new List<DicomDictionaryEntry>(5400);
        foreach (var line in DicomDictionaryData.Elements.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty)
            {
                continue;
            }

            var fields = line.ToString().Split('|');
            var tagHex = fields[0];
            uint mask = 0;
            for (var i = 0; i < 8; i++)
            {
                mask = (mask << 4) | (tagHex[i] == 'x' ? 0u : 0xFu);
            }

            var tag = new DicomTag(uint.Parse(tagHex.Replace('x', '0'), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            var vrs = fields[1].Length == 0 ? [] : fields[1].Split('/').Select(DicomVR.Parse).ToArray();
            entries.Add(new DicomDictionaryEntry(tag, mask, fields[4], fields[5], vrs, fields[2], fields[3] == "Y"));
        }

        return new Tables(
            entries,
            entries.Where(e => !e.IsRepeating).ToFrozenDictionary(e => e.Tag.Value),
            entries.Where(e => e.IsRepeating).ToArray(),
            entries.Where(e => e.Keyword.Length > 0).ToFrozenDictionary(e => e.Keyword, StringComparer.Ordinal));
    }

    // Built on first use by the runtime's type initialisation (no Lazy<T> check on every lookup).
    private static class Data
    {
        internal static readonly Tables Value = Build();
    }

    private sealed record Tables(
        IReadOnlyList<DicomDictionaryEntry> Entries,
        FrozenDictionary<uint, DicomDictionaryEntry> ByTag,
        DicomDictionaryEntry[] Repeating,
        FrozenDictionary<string, DicomDictionaryEntry> ByKeyword);
}

using System.Collections.Frozen;
using System.Globalization;
using System.Numerics;

namespace ClinicalImaging.Dicom.DeIdentification;

/// <summary>
/// PS3.15 Annex E as data: Table E.1-1 (<see cref="Rules"/>), Table E.3.10-1 (<see cref="IsSafePrivate"/>) and
/// Table E.3.4-1 (<see cref="LookupContentItem"/>), generated from the standard's tables into DeidentificationProfile.g.cs and parsed once on first use.
/// </summary>
public static partial class DeidentificationProfile
{
    private static readonly Lazy<Tables> Data = new(Build);

    /// <summary>Every row of Table E.1-1 in the standard's order, pattern rows included.</summary>
    public static IReadOnlyList<DeidentificationRule> Rules => Data.Value.Rules;

    /// <summary>The row covering a tag: an exact row, else a pattern row (curves, overlays, private groups); null when the table does not list it.</summary>
    public static DeidentificationRule? Lookup(DicomTag tag)
    {
        var tables = Data.Value;
        if ((tag.Group & 1) == 1)
        {
            return tables.PrivateAttributes;
        }

        if (tables.ByTag.TryGetValue(tag.Value, out var rule))
        {
            return rule;
        }

        foreach (var pattern in tables.Patterns)
        {
            if (pattern.Matches(tag))
            {
                return pattern;
            }
        }

        return null;
    }

    /// <summary>Every row of Table E.3.4-1 in the standard's order.</summary>
    public static IReadOnlyList<DeidentificationContentItemRule> ContentItemRules => Data.Value.ContentItems;

    /// <summary>
    /// The Table E.3.4-1 row for a content item's concept name (code value and coding scheme designator) and value
    /// type; some codes have a row per value type. A code listed only for other value types gets its first row.
    /// Null when the table does not list the code.
    /// </summary>
    public static DeidentificationContentItemRule? LookupContentItem(string codeValue, string codingSchemeDesignator, string? valueType)
    {
        ArgumentNullException.ThrowIfNull(codeValue);
        ArgumentNullException.ThrowIfNull(codingSchemeDesignator);
        var tables = Data.Value;
        var code = (codeValue.Trim(), codingSchemeDesignator.Trim());
        return tables.ContentItemsByCodeAndType.GetValueOrDefault((code.Item1, code.Item2, valueType?.Trim() ?? string.Empty))
            ?? tables.ContentItemsByCode.GetValueOrDefault(code);
    }

    /// <summary>True when Table E.3.10-1 lists the private element (its group and byte within the block) for this private creator.</summary>
    public static bool IsSafePrivate(DicomTag tag, string? privateCreator) =>
        privateCreator is not null && tag.PrivateCreatorTag is not null
        && Data.Value.SafePrivate.Contains((tag.Group, (byte)tag.Element, privateCreator.Trim()));

    private static Tables Build()
    {
        var rules = new List<DeidentificationRule>(700);
        foreach (var line in AttributeRules.AsSpan().EnumerateLines())
        {
            if (!line.IsEmpty)
            {
                rules.Add(ParseRule(line.ToString().Split('|')));
            }
        }

        var safe = new HashSet<(ushort, byte, string)>();
        foreach (var line in SafePrivateAttributes.AsSpan().EnumerateLines())
        {
            if (!line.IsEmpty)
            {
                var fields = line.ToString().Split('|');
                safe.Add((Hex<ushort>(fields[0]), Hex<byte>(fields[1]), fields[2]));
            }
        }

        var contentItems = new List<DeidentificationContentItemRule>(220);
        foreach (var line in ContentItemCodes.AsSpan().EnumerateLines())
        {
            if (!line.IsEmpty)
            {
                var fields = line.ToString().Split('|');
                contentItems.Add(new DeidentificationContentItemRule(fields[0], fields[1], fields[2], ParseAction(fields[3]), ParseOptionActions(fields.AsSpan(4))));
            }
        }

        return new Tables(
            rules,
            contentItems,
            contentItems.ToFrozenDictionary(r => (r.CodeValue, r.CodingSchemeDesignator, r.ValueType)),
            contentItems.DistinctBy(r => (r.CodeValue, r.CodingSchemeDesignator)).ToFrozenDictionary(r => (r.CodeValue, r.CodingSchemeDesignator)),
            rules.Where(r => !r.IsPattern).ToFrozenDictionary(r => r.Tag.Value),
            rules.Where(r => r.IsPattern && !r.IsPrivateAttributes).ToArray(),
            rules.Single(r => r.IsPrivateAttributes),
            safe.ToFrozenSet());
    }

    private static DeidentificationRule ParseRule(string[] fields)
    {
        var options = ParseOptionActions(fields.AsSpan(3));
        if (fields[0] == "PRIVATE")
        {
            return new DeidentificationRule(default, 0, true, fields[1], ParseAction(fields[2]), options);
        }

        uint mask = 0;
        foreach (var digit in fields[0])
        {
            mask = (mask << 4) | (digit == 'x' ? 0u : 0xFu);
        }

        return new DeidentificationRule(new DicomTag(Hex<uint>(fields[0].Replace('x', '0'))), mask, false, fields[1], ParseAction(fields[2]), options);
    }

    private static DeidentificationAction?[] ParseOptionActions(ReadOnlySpan<string> fields) =>
        fields.ToArray().Select(f => f.Length == 0 ? (DeidentificationAction?)null : ParseAction(f)).ToArray();

    private static DeidentificationAction ParseAction(string code) => code switch
    {
        "K" => DeidentificationAction.Keep,
        "X" => DeidentificationAction.Remove,
        "Z" => DeidentificationAction.Zero,
        "D" => DeidentificationAction.Dummy,
        "C" => DeidentificationAction.Clean,
        "U" => DeidentificationAction.ReplaceUid,
        "Z/D" => DeidentificationAction.ZeroOrDummy,
        "X/Z" => DeidentificationAction.RemoveOrZero,
        "X/D" => DeidentificationAction.RemoveOrDummy,
        "X/Z/D" => DeidentificationAction.RemoveOrZeroOrDummy,
        "X/Z/U*" => DeidentificationAction.RemoveOrZeroOrReplaceUids,
        _ => throw new InvalidOperationException($"Table E.1-1 action code '{code}' is not one of Table E.1-1a; regenerate with a matching library."),
    };

    private static T Hex<T>(string text)
        where T : IBinaryInteger<T> => T.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private sealed record Tables(
        IReadOnlyList<DeidentificationRule> Rules,
        IReadOnlyList<DeidentificationContentItemRule> ContentItems,
        FrozenDictionary<(string CodeValue, string Scheme, string ValueType), DeidentificationContentItemRule> ContentItemsByCodeAndType,
        FrozenDictionary<(string CodeValue, string Scheme), DeidentificationContentItemRule> ContentItemsByCode,
        FrozenDictionary<uint, DeidentificationRule> ByTag,
        DeidentificationRule[] Patterns,
        DeidentificationRule PrivateAttributes,
        FrozenSet<(ushort Group, byte Element, string Creator)> SafePrivate);
}

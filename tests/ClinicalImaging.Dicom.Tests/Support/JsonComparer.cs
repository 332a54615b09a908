using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClinicalImaging.Dicom.Tests.Support;

/// <summary>
/// Compares our DICOM JSON with pydicom's, listing differences by path. Normalisations, each for a known
/// pydicom habit rather than a difference in meaning: numbers compare within float32 precision; pydicom keeps
/// the insignificant trailing space of inner values of multi-valued strings; pydicom's InlineBinary keeps the
/// byte order of a big-endian file (DICOM JSON is little endian). Private elements are compared like any other:
/// our private dictionary is pydicom's.
/// </summary>
public static class JsonComparer
{
    /// <param name="allowPadding">Accept a binary value of ours that is theirs plus one padding byte (an odd-length value written back even).</param>
    public static List<string> Differences(JsonObject ours, JsonObject theirs, ISet<string> ignoredTags, bool theirsIsBigEndian, bool allowPadding = false)
    {
        var differences = new List<string>();
        new Context(ignoredTags, theirsIsBigEndian, allowPadding, differences).CompareDatasets(ours, theirs, string.Empty);
        return differences;
    }

    private sealed record Context(ISet<string> IgnoredTags, bool BigEndian, bool AllowPadding, List<string> Differences)
    {
    public void CompareDatasets(JsonObject ours, JsonObject theirs, string path)
    {
        var ignoredTags = IgnoredTags;
        var differences = Differences;
        foreach (var tag in ours.Select(p => p.Key).Union(theirs.Select(p => p.Key)).Where(t => !ignoredTags.Contains(t)))
        {
            var here = $"{path}/{tag}";
            if (!ours.ContainsKey(tag) || !theirs.ContainsKey(tag))
            {
                differences.Add($"{here}: only in {(ours.ContainsKey(tag) ? "ours" : "pydicom")}");
                continue;
            }

            CompareElements(ours[tag]!.AsObject(), theirs[tag]!.AsObject(), here, tag);
        }
    }

    private void CompareElements(JsonObject ours, JsonObject theirs, string path, string tag)
    {
        var differences = Differences;
        var vr = (string?)ours["vr"];
        if (vr != (string?)theirs["vr"])
        {
            differences.Add($"{path}: VR {vr} vs {(string?)theirs["vr"]}");
            return;
        }

        var ourValues = WithoutAllEmpty(ours["Value"]?.AsArray());
        var theirValues = WithoutAllEmpty(theirs["Value"]?.AsArray());
        if (ours["InlineBinary"] is { } ourInline || theirs["InlineBinary"] is not null)
        {
            var a = Convert.FromBase64String((string?)ours["InlineBinary"] ?? string.Empty);
            var b = Convert.FromBase64String((string?)theirs["InlineBinary"] ?? string.Empty);
            var unit = vr switch { "OW" => 2, "OF" or "OL" => 4, "OD" or "OV" => 8, _ => 1 };
            for (var start = 0; BigEndian && unit > 1 && start + unit <= b.Length; start += unit)
            {
                Array.Reverse(b, start, unit);
            }

            if (!a.AsSpan().SequenceEqual(b) && !(AllowPadding && a.Length == b.Length + 1 && a.AsSpan(0, b.Length).SequenceEqual(b) && a[^1] is 0 or 0x20))
            {
                differences.Add($"{path}: {a.Length} bytes vs {b.Length} bytes differ");
            }

            return;
        }

        if (ourValues.Count != theirValues.Count)
        {
            differences.Add($"{path}: {ourValues.Count} values vs {theirValues.Count}: {ourValues.ToJsonString()} vs {theirValues.ToJsonString()}");
            return;
        }

        for (var i = 0; i < ourValues.Count; i++)
        {
            var a = ourValues[i];
            var b = theirValues[i];
            if (vr == "SQ")
            {
                CompareDatasets(a!.AsObject(), b!.AsObject(), $"{path}[{i}]");
            }
            else if (!SameValue(a, b))
            {
                differences.Add($"{path}[{i}]: {a?.ToJsonString()} vs {b?.ToJsonString()}");
            }
        }
    }

    }

    private static bool SameValue(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return IsEmpty(a) && IsEmpty(b);
        }

        if (a.GetValueKind() == JsonValueKind.Number || b.GetValueKind() == JsonValueKind.Number)
        {
            return TryNumber(a, out var x) && TryNumber(b, out var y) && (x == y || Math.Abs(x - y) <= 1e-6 * Math.Max(Math.Abs(x), Math.Abs(y)) || Math.Abs(x - y) < 1e-37);
        }

        if (a.GetValueKind() == JsonValueKind.String && b.GetValueKind() == JsonValueKind.String)
        {
            return ((string)a!).TrimEnd() == ((string)b!).TrimEnd();
        }

        return JsonNode.DeepEquals(a, b);
    }

    /// <summary>A Value array of only empty values ("", null, a PN object of empty groups) means "no value", like an absent one.</summary>
    private static JsonArray WithoutAllEmpty(JsonArray? values) =>
        values is null || values.All(v => IsEmpty(v) || (v is JsonObject o && o.All(p => IsEmpty(p.Value)))) ? [] : values;

    private static bool IsEmpty(JsonNode? node) => node is null || (node.GetValueKind() == JsonValueKind.String && (string?)node == string.Empty);

    private static bool TryNumber(JsonNode node, out double value) => node.GetValueKind() == JsonValueKind.Number
        ? double.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
        : double.TryParse((string?)node, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}

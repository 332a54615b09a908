using System.Buffers;
using System.Text.Json.Nodes;
using ClinicalImaging.Application.Common.Security;

namespace ClinicalImaging.Infrastructure.Security;

/// <summary>
/// Removes every <see cref="DirectIdentifiers"/> attribute from a DICOM JSON header, at any depth (sequence items
/// included), before the header is stored as searchable JSONB. The patient row keeps name, ID and birth date
/// encrypted; the original object keeps everything.
/// </summary>
public static class HeaderIdentifierFilter
{
    /// <summary>The identifiers' keys as DICOM JSON writes them; a header holding none of them is returned as it is.</summary>
    private static readonly SearchValues<string> IdentifierKeys = SearchValues.Create(
        DirectIdentifiers.Tags.Keys.Select(tag => $"\"{tag}\"").ToArray(), StringComparison.OrdinalIgnoreCase);

    public static string Strip(string headerJson)
    {
        ArgumentNullException.ThrowIfNull(headerJson);
        if (!headerJson.AsSpan().ContainsAny(IdentifierKeys))
        {
            return headerJson;
        }

        var root = JsonNode.Parse(headerJson) ?? throw new ArgumentException("the header (DICOM JSON) is empty", nameof(headerJson));
        StripObject(root.AsObject());
        return root.ToJsonString();
    }

    private static void StripObject(JsonObject dataset)
    {
        foreach (var tag in dataset.Select(p => p.Key).Where(DirectIdentifiers.Contains).ToList())
        {
            dataset.Remove(tag);
        }

        foreach (var (_, element) in dataset)
        {
            if (element is JsonObject attribute && attribute["vr"]?.GetValue<string>() == "SQ" && attribute["Value"] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    StripObject(item);
                }
            }
        }
    }
}

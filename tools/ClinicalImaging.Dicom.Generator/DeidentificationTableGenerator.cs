using System.Globalization;
using System.Text;

namespace ClinicalImaging.Dicom.Generator;

/// <summary>
/// Turns PS3.15 Annex E (Table E.1-1 with its option columns, Table E.3.10-1 of safe private attributes and Table
/// E.3.4-1 of content item concept names) into <c>DeidentificationProfile.g.cs</c>: three string literals that <c>DeidentificationProfile</c> parses on first use.
/// Every action code is checked against Table E.1-1a (deid_action_codes.tsv), so a new code in a later edition
/// stops the generator instead of being misread.
/// </summary>
public static class DeidentificationTableGenerator
{
    /// <summary>The option columns of Table E.1-1 in the standard's order; the library reads them in this order.</summary>
    public static IReadOnlyList<string> OptionColumns { get; } =
    [
        "retain_safe_private", "retain_uids", "retain_device_identity", "retain_institution_identity",
        "retain_patient_characteristics", "retain_long_full_dates", "retain_long_modified_dates",
        "clean_descriptors", "clean_structured_content", "clean_graphics",
    ];

    private const string PrivateAttributesRow = "(gggg,eeee) where gggg is odd";

    public static string Generate(string dataDirectory)
    {
        var actionCodes = DicomCodeGenerator.ReadTable(Path.Combine(dataDirectory, "deid_action_codes.tsv"))
            .Select(row => row["code"])
            .ToHashSet(StringComparer.Ordinal);
        var rules = DicomCodeGenerator.ReadTable(Path.Combine(dataDirectory, "deid_basic_profile.tsv"));
        var safePrivate = DicomCodeGenerator.ReadTable(Path.Combine(dataDirectory, "deid_safe_private_attributes.tsv"));
        var contentItems = DicomCodeGenerator.ReadTable(Path.Combine(dataDirectory, "deid_clean_structured_content_codes.tsv"));

        var code = new StringBuilder(DicomCodeGenerator.Header);
        code.Append("namespace ClinicalImaging.Dicom.DeIdentification;\n\n");
        code.Append("public static partial class DeidentificationProfile\n{\n");
        code.Append("    /// <summary>PS3.15 Table E.1-1, one line per row: tag pattern (8 hex digits, x = any digit; PRIVATE = any odd group)|keyword|\n");
        code.Append(CultureInfo.InvariantCulture, $"    /// Basic Profile action|{string.Join('|', OptionColumns)} (empty: the option leaves the Basic Profile action).</summary>\n");
        code.Append("    internal const string AttributeRules = \"\"\"\n");
        foreach (var row in rules)
        {
            var pattern = row["tag"] == PrivateAttributesRow ? "PRIVATE" : row["tag_hex"];
            if (pattern.Length == 0)
            {
                throw new InvalidDataException($"deid_basic_profile.tsv: row '{row["tag"]}' has no tag_hex and is not the private attributes row.");
            }

            var actions = new[] { row["basic_profile"] }.Concat(OptionColumns.Select(column => row[column])).ToArray();
            foreach (var action in actions.Where(a => a.Length > 0 && !actionCodes.Contains(a)))
            {
                throw new InvalidDataException($"deid_basic_profile.tsv: {row["tag"]} uses action '{action}', which Table E.1-1a does not define.");
            }

            code.Append(CultureInfo.InvariantCulture, $"{pattern}|{row["keyword"]}|{string.Join('|', actions)}\n");
        }

        code.Append("\"\"\";\n\n");
        code.Append("    /// <summary>PS3.15 Table E.3.10-1, one line per safe private attribute: group (4 hex)|element within the block (2 hex)|private creator|VR.</summary>\n");
        code.Append("    internal const string SafePrivateAttributes = \"\"\"\n");
        foreach (var row in safePrivate)
        {
            // Written "(GGGG,xxEE)": the block byte xx is whatever the creator reserved.
            var element = row["data_element"];
            if (element.Length != 11 || element[6..8] != "xx" || row["private_creator"].Contains('|', StringComparison.Ordinal))
            {
                throw new InvalidDataException($"deid_safe_private_attributes.tsv: unexpected row '{element}' '{row["private_creator"]}'.");
            }

            code.Append(CultureInfo.InvariantCulture, $"{element[1..5]}|{element[8..10]}|{row["private_creator"]}|{row["vr"]}\n");
        }

        code.Append("\"\"\";\n\n");
        code.Append("    /// <summary>PS3.15 Table E.3.4-1 (Clean Structured Content), one line per content item concept name: code value|coding scheme|\n");
        code.Append("    /// value type|Basic Profile action|the option columns as in AttributeRules (empty where the table has no such column or the option leaves the action).</summary>\n");
        code.Append("    internal const string ContentItemCodes = \"\"\"\n");
        foreach (var row in contentItems)
        {
            var actions = new[] { row["basic_profile"] }.Concat(OptionColumns.Select(column => row.GetValueOrDefault(column, string.Empty))).ToArray();
            foreach (var action in actions.Where(a => a.Length > 0 && !actionCodes.Contains(a)))
            {
                throw new InvalidDataException($"deid_clean_structured_content_codes.tsv: {row["code_value"]} uses action '{action}', which Table E.1-1a does not define.");
            }

            if (row["code_value"].Contains('|', StringComparison.Ordinal) || row["coding_scheme_designator"].Contains('|', StringComparison.Ordinal))
            {
                throw new InvalidDataException($"deid_clean_structured_content_codes.tsv: unexpected row '{row["code_value"]}'.");
            }

            code.Append(CultureInfo.InvariantCulture, $"{row["code_value"]}|{row["coding_scheme_designator"]}|{row["value_type"]}|{string.Join('|', actions)}\n");
        }

        code.Append("\"\"\";\n}\n");
        return code.ToString();
    }
}

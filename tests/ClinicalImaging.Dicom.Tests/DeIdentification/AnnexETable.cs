using System.Text.RegularExpressions;
using ClinicalImaging.Dicom.DeIdentification;
using ClinicalImaging.Dicom.Generator;

namespace ClinicalImaging.Dicom.Tests.DeIdentification;

/// <summary>
/// The test oracle: PS3.15 Table E.1-1 read straight from deid_basic_profile.tsv (not through the generated code),
/// so the tests check the generator and the library's reading of it as well as the de-identifier.
/// </summary>
internal static class AnnexETable
{
    private static readonly Lazy<Row[]> Rows = new(Load);
    private static readonly Lazy<Dictionary<string, Row>> ByTag = new(() => Rows.Value.Where(r => !r.Fields["tag_hex"].Contains('x', StringComparison.Ordinal) && r.Pattern is not null).ToDictionary(r => r.Fields["tag_hex"]));

    public static string DataDirectory { get; } =
        RepositoryPaths.DefaultDataDirectory(RepositoryPaths.FindRepositoryRoot(AppContext.BaseDirectory)!);

    public static IReadOnlyList<Row> All => Rows.Value;

    /// <summary>The table's action code for a public tag under the options ("K", "X/Z"…); null when the table does not list it.</summary>
    public static string? ActionOf(DicomTag tag, DeidentificationOptions options = DeidentificationOptions.None)
    {
        var hex = tag.ToHexString();
        var row = ByTag.Value.GetValueOrDefault(hex)
            ?? Rows.Value.FirstOrDefault(r => r.Fields["tag_hex"].Contains('x', StringComparison.Ordinal) && r.Pattern!.IsMatch(hex));
        if (row is null)
        {
            return null;
        }

        var chosen = DeidentificationTableGenerator.OptionColumns
            .Select((column, index) => ((int)options & (1 << index)) != 0 ? row.Fields[column] : string.Empty)
            .Where(action => action.Length > 0)
            .ToArray();
        return chosen.Contains("C") ? "C" : chosen.FirstOrDefault() ?? row.Fields["basic_profile"];
    }

    private static Row[] Load()
    {
        var table = ReadTsv("deid_basic_profile.tsv");
        return table.Select(fields => new Row(
            fields,
            fields["tag_hex"].Length == 0 ? null : new Regex("^" + fields["tag_hex"].Replace("x", "[0-9A-F]", StringComparison.Ordinal) + "$"))).ToArray();
    }

    /// <summary>A TSV file of the standard data folder as rows of column name to cell (read here, independently of the generator).</summary>
    public static List<Dictionary<string, string>> ReadTsv(string fileName)
    {
        var lines = File.ReadAllLines(Path.Combine(DataDirectory, fileName));
        var columns = lines[0].Split('\t');
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => columns.Zip(l.Split('\t')).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))
            .ToList();
    }

    public sealed record Row(Dictionary<string, string> Fields, Regex? Pattern);
}

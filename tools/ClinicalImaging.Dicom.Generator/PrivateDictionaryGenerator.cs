using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ClinicalImaging.Dicom.Generator;

/// <summary>
/// The private data dictionary: known private elements by private creator. <see cref="Import"/> turns pydicom's
/// <c>_private_dict.py</c> (itself generated from GDCM's private dictionary) into the checked-in
/// <c>data/private_dictionary.tsv</c>; <see cref="Generate"/> turns that file into <c>DicomPrivateDictionaryData.g.cs</c>.
/// pydicom's table is the source because pydicom is the oracle our DICOM JSON is tested against: the same
/// dictionary gives the same VRs.
/// </summary>
public static partial class PrivateDictionaryGenerator
{
    public const string DefaultSource = "/usr/lib/python3/dist-packages/pydicom/_private_dict.py";

    private const string Columns = "creator\ttag\tvr\tvm\tname";

    /// <summary>Reads pydicom's private dictionary module and returns the TSV (with its provenance header).</summary>
    public static string Import(string pydicomPrivateDictPath, string sourceDescription)
    {
        var rows = new List<string>();
        var skipped = 0;
        string? creator = null;
        foreach (var line in File.ReadLines(pydicomPrivateDictPath, Encoding.UTF8))
        {
            if (CreatorLine().Match(line) is { Success: true } creatorMatch)
            {
                creator = Unquote(creatorMatch.Groups["creator"].Value);
                continue;
            }

            if (EntryLine().Match(line) is not { Success: true } entry)
            {
                continue;
            }

            if (creator is null)
            {
                throw new InvalidDataException($"{pydicomPrivateDictPath}: an entry before any private creator: '{line}'.");
            }

            var tag = entry.Groups["tag"].Value.ToUpperInvariant().Replace("XX", "xx", StringComparison.Ordinal);
            if (!IsLookupShape(tag))
            {
                skipped++; // e.g. 001110xx: pydicom's lookup (exact, ggggxxee, ggxxxxee) never reaches these
                continue;
            }

            var fields = new[] { creator, tag, entry.Groups["vr"].Value, Unquote(entry.Groups["vm"].Value), Unquote(entry.Groups["name"].Value) };
            if (fields.Any(f => f.Contains('\t', StringComparison.Ordinal) || f.Contains('\n', StringComparison.Ordinal)))
            {
                throw new InvalidDataException($"{pydicomPrivateDictPath}: a tab or line break in '{line}'.");
            }

            rows.Add(string.Join('\t', fields));
        }

        if (rows.Count == 0)
        {
            throw new InvalidDataException($"{pydicomPrivateDictPath}: no private dictionary entries found.");
        }

        var tsv = new StringBuilder();
        tsv.Append("# Private data dictionary: known private elements by private creator.\n");
        tsv.Append(CultureInfo.InvariantCulture, $"# Source: {sourceDescription}, which pydicom generates from GDCM's private dictionary.\n");
        tsv.Append("# pydicom: MIT licence; GDCM: BSD licence. Imported by: dotnet run --project tools/ClinicalImaging.Dicom.Generator -- --import-private-dictionary\n");
        tsv.Append(CultureInfo.InvariantCulture, $"# {rows.Count} entries; {skipped} entries whose tag wildcards the element's last byte are left out (pydicom's lookup never reaches them).\n");
        tsv.Append("# tag: 8 hex digits; xx in the element = any private block, xxxx after the first group byte = any group with that high byte.\n");
        tsv.Append(Columns).Append('\n');
        foreach (var row in rows)
        {
            tsv.Append(row).Append('\n');
        }

        return tsv.ToString();
    }

    /// <summary>Generates DicomPrivateDictionaryData.g.cs from the checked-in TSV.</summary>
    public static string Generate(string privateDictionaryPath)
    {
        var lines = File.ReadAllLines(privateDictionaryPath, Encoding.UTF8).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        if (lines.Length == 0 || lines[0] != Columns)
        {
            throw new InvalidDataException($"{privateDictionaryPath}: expected the header '{Columns.Replace('\t', ' ')}'.");
        }

        var code = new StringBuilder(DicomCodeGenerator.Header.Replace(
            "from ../shared/data/dicom-standard", "from tools/ClinicalImaging.Dicom.Generator/data/private_dictionary.tsv (pydicom's private dictionary)", StringComparison.Ordinal));
        code.Append("namespace ClinicalImaging.Dicom.Dictionary;\n\n");
        code.Append("internal static partial class DicomPrivateDictionaryData\n{\n");
        code.Append("    /// <summary>One line per element, tab-separated: creator, tag (xx = any block or group byte), VR, VM, name.</summary>\n");
        code.Append("    internal const string Elements = \"\"\"\n");
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split('\t');
            if (fields.Length != 5 || !IsLookupShape(fields[1]) || fields[2].Length != 2 && fields[2] != "OB_OW")
            {
                throw new InvalidDataException($"{privateDictionaryPath}: malformed row '{line}'.");
            }

            code.Append(line).Append('\n');
        }

        code.Append("\"\"\";\n}\n");
        return code.ToString();
    }

    /// <summary>The installed pydicom's version from its Debian package metadata; null when it cannot be found.</summary>
    public static string? InstalledPydicomVersion()
    {
        var info = Directory.Exists("/usr/lib/python3/dist-packages")
            ? Directory.GetDirectories("/usr/lib/python3/dist-packages", "pydicom-*.*-info").FirstOrDefault()
            : null;
        return info is null ? null : Path.GetFileName(info)["pydicom-".Length..].Split(".egg-info")[0].Split(".dist-info")[0];
    }

    /// <summary>The three tag shapes pydicom looks up: exact, (gggg,xxee) and (ggxx,xxee).</summary>
    private static bool IsLookupShape(string tag) => TagShape().IsMatch(tag);

    private static string Unquote(string literal)
    {
        var body = literal[1..^1];
        var text = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length)
            {
                i++;
            }

            text.Append(body[i]);
        }

        return text.ToString();
    }

    private const string PythonString = """(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""";

    [GeneratedRegex("^    (?<creator>" + PythonString + "): \\{$")]
    private static partial Regex CreatorLine();

    [GeneratedRegex("^        '(?<tag>[0-9a-fA-Fx]{8})': \\('(?<vr>[A-Z_]+)', (?<vm>" + PythonString + "), (?<name>" + PythonString + "), '[^']*'\\),")]
    private static partial Regex EntryLine();

    [GeneratedRegex("^(?:[0-9A-F]{8}|[0-9A-F]{4}xx[0-9A-F]{2}|[0-9A-F]{2}xxxx[0-9A-F]{2})$")]
    private static partial Regex TagShape();
}

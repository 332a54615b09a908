namespace ClinicalImaging.Cli.Commands;

/// <summary>A plain-text table for the terminal: columns padded to their widest cell, two spaces apart.</summary>
internal static class TextTable
{
    public static string Format(string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, column) => all.Max(row => row[column].Length)).ToArray();
        return string.Concat(all.Select(row => string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd() + Environment.NewLine));
    }
}

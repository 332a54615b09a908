using System.Globalization;
using System.Reflection;
using ClinicalImaging.Application.DicomWeb.Search;
using ClinicalImaging.Application.Ingest.StoreInstance;
using ClinicalImaging.Infrastructure.Persistence.Search;
using Xunit;

namespace ClinicalImaging.IntegrationTests.DicomWeb;

/// <summary>docs/conformance.md and the code say the same about failure reasons, QIDO-RS keys, defaults and limits.</summary>
public sealed class ConformanceDocumentTests
{
    [Fact]
    public void The_failure_reason_table_lists_exactly_the_constants_with_their_values()
    {
        var constants = typeof(StowFailureReasons).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => f.Name, f => (ushort)f.GetRawConstantValue()!);

        var documented = FailureReasonRows().ToList();

        Assert.Equal(constants.Keys.Order(StringComparer.Ordinal), documented.Select(r => r.Constant).Order(StringComparer.Ordinal));
        foreach (var row in documented)
        {
            Assert.Equal(constants[row.Constant], ushort.Parse(row.Hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            Assert.Equal(constants[row.Constant], ushort.Parse(row.Decimal, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void The_QIDO_key_table_lists_exactly_the_attributes_the_archive_keeps_with_their_tag_level_and_source()
    {
        var kept = Enum.GetValues<QidoLevel>().SelectMany(QidoAttributes.KeptAt)
            .Select(a => $"{a.Keyword} {a.Tag} {a.Level} {a.Source}").Order(StringComparer.Ordinal);

        var documented = TableRows("### Matching keys kept by the archive").Select(c => $"{c[1]} {c[2].Trim('`')} {c[3]} {c[4]}");

        Assert.Equal(kept, documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_QIDO_attributes_in_every_result_are_the_defaults_of_each_level()
    {
        var defaults = new Dictionary<string, IReadOnlyList<QidoAttribute>>
        {
            ["Study"] = QidoAttributes.StudyDefaults,
            ["Series"] = QidoAttributes.SeriesDefaults,
            ["Instance"] = QidoAttributes.InstanceDefaults,
        };

        var documented = TableRows("### Attributes in every result (PS3.18 Tables 10.6.3-3, -4, -5)").ToDictionary(c => c[1], c => c[2].Split(", "));

        Assert.Equal(defaults.Keys.Order(), documented.Keys.Order());
        Assert.All(defaults, level => Assert.Equal(level.Value.Select(a => a.Keyword), documented[level.Key]));
    }

    [Fact]
    public void The_QIDO_limits_are_the_constants()
    {
        var documented = TableRows("### Limits").ToDictionary(c => c[1], c => int.Parse(c[2], CultureInfo.InvariantCulture));

        Assert.Equal(QidoSearch.DefaultLimit, documented["default `limit`"]);
        Assert.Equal(QidoSearch.MaxLimit, documented["largest `limit`"]);
        Assert.Equal(NpgsqlQidoSearch.MaxPatientCandidates, documented["candidate patients verified per search"]);
    }

    private static IEnumerable<(string Hex, string Decimal, string Constant)> FailureReasonRows() =>
        TableRows("### Failure reasons").Select(cells => (cells[1], cells[2], cells[3]));

    /// <summary>The cells of the first table under a heading (header and separator rows skipped); cell 0 is before the first '|'.</summary>
    private static List<string[]> TableRows(string heading)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "conformance.md"));
        Assert.Contains(heading, lines);
        return lines.SkipWhile(l => l != heading).Skip(1).SkipWhile(l => !l.StartsWith('|')).Skip(2).TakeWhile(l => l.StartsWith('|'))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries)).ToList();
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ClinicalImaging.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ClinicalImaging.sln not found above the test binaries");
    }
}

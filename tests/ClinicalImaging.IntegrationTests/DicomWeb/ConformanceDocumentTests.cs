using System.Globalization;
using System.Reflection;
using ClinicalImaging.Application.Ingest.StoreInstance;
using Xunit;

namespace ClinicalImaging.IntegrationTests.DicomWeb;

/// <summary>docs/conformance.md and the code say the same about failure reasons.</summary>
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

    private static IEnumerable<(string Hex, string Decimal, string Constant)> FailureReasonRows()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "conformance.md"));
        var table = lines.SkipWhile(l => l != "### Failure reasons").Skip(1).SkipWhile(l => !l.StartsWith('|')).Skip(2).TakeWhile(l => l.StartsWith('|'));
        foreach (var line in table)
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            yield return (cells[1], cells[2], cells[3]);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ClinicalImaging.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ClinicalImaging.sln not found above the test binaries");
    }
}

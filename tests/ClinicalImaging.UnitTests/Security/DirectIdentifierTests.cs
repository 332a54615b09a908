using System.Text.Json.Nodes;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Infrastructure.Security;
using Xunit;

namespace ClinicalImaging.UnitTests.Security;

public sealed class DirectIdentifierTests
{
    /// <summary>Each listed attribute is one the PS3.15 basic profile removes or replaces (never keeps), under its standard keyword.</summary>
    [Fact]
    public void Every_direct_identifier_is_removed_or_replaced_by_the_PS3_15_basic_profile()
    {
        var profile = File.ReadLines(Path.Combine(SharedData(), "deid_basic_profile.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .ToDictionary(f => f[1], f => (Keyword: f[2], Action: f[6]));

        Assert.All(DirectIdentifiers.Tags, entry =>
        {
            Assert.True(profile.TryGetValue(entry.Key, out var row), entry.Key);
            Assert.Equal(row.Keyword, entry.Value);
            Assert.DoesNotContain("K", row.Action, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Stripping_removes_identifiers_at_any_depth_and_keeps_everything_else()
    {
        var header = """
            {"00080060":{"vr":"CS","Value":["CT"]},
             "00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]},
             "00100030":{"vr":"DA","Value":["19610412"]},
             "00081115":{"vr":"SQ","Value":[{"00101000":{"vr":"LO","Value":["OTHER-ID"]},"0020000E":{"vr":"UI","Value":["1.2.3"]}}]}}
            """;

        var stripped = JsonNode.Parse(HeaderIdentifierFilter.Strip(header))!.AsObject();

        Assert.Equal(["00080060", "00081115"], stripped.Select(p => p.Key));
        var item = stripped["00081115"]!["Value"]![0]!.AsObject();
        Assert.Equal(["0020000E"], item.Select(p => p.Key));
    }

    private static string SharedData()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ClinicalImaging.sln")))
            {
                return Path.Combine(directory.FullName, "..", "shared", "data", "dicom-standard");
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}

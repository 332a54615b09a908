using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using Xunit;

namespace ClinicalImaging.Inference.Tests.OnnxRuntime;

public sealed class OrtApiSlotTableTests
{
    private const string MemberList = "ortapi-members-1.30.tsv";

    [Fact]
    public void Slot_table_matches_the_shared_member_list_name_by_name()
    {
        var rows = File.ReadLines(FindMemberList())
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(columns => (Index: int.Parse(columns[0]), Name: columns[1]))
            .ToList();

        Assert.Equal(OrtApiTable.MemberCount, rows.Count);
        Assert.Equal(rows.Count, Enum.GetValues<OrtApiSlot>().Length);
        foreach (var (index, name) in rows)
        {
            Assert.True(Enum.TryParse<OrtApiSlot>(name, out var slot), $"OrtApiSlot lacks {name}; run scripts/lib/generate-ortapi-slots.py");
            Assert.Equal(index, (int)slot);
        }
    }

    [Fact]
    public void Requested_api_version_is_the_newest_version_in_the_member_list()
    {
        var newestMinor = File.ReadLines(FindMemberList())
            .Skip(1)
            .Select(line => line.Split('\t')[2])
            .Where(version => version.Length > 0)
            .Max(version => int.Parse(version.Split('.')[1]));

        Assert.Equal(OrtApiTable.ApiVersion, (uint)newestMinor);
    }

    /// <summary>The shared standard data lives beside the checkout (../shared) or inside it (shared/).</summary>
    private static string FindMemberList()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "data", "onnxruntime", MemberList);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"shared/data/onnxruntime/{MemberList} was not found above {AppContext.BaseDirectory}.");
    }
}

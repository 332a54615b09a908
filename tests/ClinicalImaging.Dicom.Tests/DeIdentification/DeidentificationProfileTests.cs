using ClinicalImaging.Dicom.DeIdentification;
using ClinicalImaging.Dicom.Generator;

namespace ClinicalImaging.Dicom.Tests.DeIdentification;

public class DeidentificationProfileTests
{
    private static readonly Dictionary<string, DeidentificationAction> Codes = new(StringComparer.Ordinal)
    {
        ["K"] = DeidentificationAction.Keep,
        ["X"] = DeidentificationAction.Remove,
        ["Z"] = DeidentificationAction.Zero,
        ["D"] = DeidentificationAction.Dummy,
        ["C"] = DeidentificationAction.Clean,
        ["U"] = DeidentificationAction.ReplaceUid,
        ["Z/D"] = DeidentificationAction.ZeroOrDummy,
        ["X/Z"] = DeidentificationAction.RemoveOrZero,
        ["X/D"] = DeidentificationAction.RemoveOrDummy,
        ["X/Z/D"] = DeidentificationAction.RemoveOrZeroOrDummy,
        ["X/Z/U*"] = DeidentificationAction.RemoveOrZeroOrReplaceUids,
    };

    [Fact]
    public void Every_row_of_table_E_1_1_is_a_rule_with_the_same_actions()
    {
        var rows = AnnexETable.All;

        Assert.Equal(rows.Count, DeidentificationProfile.Rules.Count);
        foreach (var (row, rule) in rows.Zip(DeidentificationProfile.Rules))
        {
            Assert.Equal(row.Fields["keyword"], rule.Keyword);
            Assert.Equal(row.Pattern is null, rule.IsPrivateAttributes);
            Assert.Equal(Codes[row.Fields["basic_profile"]], rule.BasicProfileAction);
            foreach (var (column, index) in DeidentificationTableGenerator.OptionColumns.Select((c, i) => (c, i)))
            {
                var cell = row.Fields[column];
                Assert.Equal(cell.Length == 0 ? null : Codes[cell], rule.OptionAction((DeidentificationOptions)(1 << index)));
            }
        }
    }

    [Fact]
    public void Every_action_code_of_table_E_1_1a_has_a_meaning_here()
    {
        var table = AnnexETable.ReadTsv("deid_action_codes.tsv");

        Assert.Equal(table.Select(r => r["code"]).Order(), Codes.Keys.Order());
    }

    [Theory]
    [InlineData("(5002,3000)", "(50xx,xxxx)")]
    [InlineData("(501E,0005)", "(50xx,xxxx)")]
    [InlineData("(6002,3000)", "(60xx,3000)")]
    [InlineData("(6000,4000)", "(60xx,4000)")]
    [InlineData("(0029,1010)", "(gggg,eeee) where gggg is odd")]
    [InlineData("(0009,0010)", "(gggg,eeee) where gggg is odd")]
    [InlineData("(0010,0010)", "(0010,0010)")]
    public void Pattern_rows_cover_curves_overlays_and_private_groups(string tag, string row)
    {
        var rule = DeidentificationProfile.Lookup(DicomTag.Parse(tag));

        Assert.NotNull(rule);
        Assert.Equal(row, AnnexETable.All.Single(r => r.Fields["keyword"] == rule.Keyword && (r.Pattern is null) == rule.IsPrivateAttributes).Fields["tag"]);
    }

    [Fact]
    public void Overlay_attributes_other_than_data_and_comments_are_not_listed()
    {
        Assert.Null(DeidentificationProfile.Lookup(new DicomTag(0x6000, 0x0010)));
    }
}

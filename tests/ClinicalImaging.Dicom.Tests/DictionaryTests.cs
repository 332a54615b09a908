using System.Globalization;
using ClinicalImaging.Dicom.Dictionary;
using ClinicalImaging.Dicom.Generator;

namespace ClinicalImaging.Dicom.Tests;

/// <summary>The generated tables against the standard's TSV files themselves (read at test time from ../shared).</summary>
public class DictionaryTests
{
    private static readonly string DataDirectory =
        RepositoryPaths.DefaultDataDirectory(RepositoryPaths.FindRepositoryRoot(AppContext.BaseDirectory)!);

    [Fact]
    public void Every_dictionary_row_is_found_by_keyword_and_tag_with_its_VR_VM_and_retired_flag()
    {
        var rows = Rows("data_dictionary.tsv");
        Assert.Equal(rows.Count, DicomDictionary.Entries.Count);
        foreach (var row in rows.Where(r => r["keyword"].Length > 0))
        {
            var entry = DicomDictionary.Lookup(row["keyword"])!;
            var tag = new DicomTag(uint.Parse(row["tag_hex"].Replace('x', '0'), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            Assert.Equal(tag, entry.Tag);
            if (entry.IsRepeating)
            {
                Assert.True(entry.Matches(tag)); // a plain entry with the same tag (e.g. (0028,0400)) wins the lookup
            }
            else
            {
                Assert.Same(entry, DicomDictionary.Lookup(tag));
            }
            Assert.Equal(row["vr"], string.Join(" or ", entry.ValueRepresentations.Select(v => v.Code)));
            Assert.Equal(row["vm"], entry.ValueMultiplicity);
            Assert.Equal(row["retired"] == "Y", entry.IsRetired);
            Assert.Equal(row["name"], entry.Name);
        }
    }

    [Fact]
    public void Repeating_groups_resolve_for_every_even_group_and_never_for_odd_ones()
    {
        Assert.Equal("OverlayData", DicomDictionary.KeywordOf(new DicomTag(0x6002, 0x3000)));
        Assert.Equal("OverlayData", DicomDictionary.KeywordOf(new DicomTag(0x601E, 0x3000)));
        Assert.Null(DicomDictionary.KeywordOf(new DicomTag(0x6001, 0x3000)));
        Assert.Equal("CurveData", DicomDictionary.KeywordOf(new DicomTag(0x5004, 0x3000)));
        Assert.Equal("HuffmanTableSize", DicomDictionary.KeywordOf(new DicomTag(0x1000, 0x0122)));
        Assert.Equal("SourceImageIDs", DicomDictionary.KeywordOf(new DicomTag(0x0020, 0x31AB)));
        Assert.Equal(new DicomTag(0x6004, 0x3000), DicomTags.OverlayData.ForRepeatingGroup(2));
    }

    [Fact]
    public void Tag_constants_carry_the_dictionary_tags()
    {
        Assert.Equal(new DicomTag(0x0010, 0x0010), DicomTags.PatientName);
        Assert.Equal(new DicomTag(0x7FE0, 0x0010), DicomTags.PixelData);
        Assert.Equal("(0010,0010)", DicomTags.PatientName.ToString());
        Assert.Equal(DicomTags.PatientName, DicomTag.Parse("(0010,0010)"));
        Assert.Equal(DicomTags.PatientName, DicomTag.Parse("00100010"));
    }

    [Fact]
    public void Every_transfer_syntax_row_has_its_properties()
    {
        var rows = Rows("transfer_syntaxes.tsv");
        Assert.Equal(rows.Count, DicomTransferSyntax.All.Count);
        foreach (var row in rows)
        {
            var syntax = DicomTransferSyntax.Lookup(row["uid"] + "\0")!;
            Assert.Equal(row["name"], syntax.Name);
            Assert.Equal(row["vr_encoding"] == "explicit", syntax.IsExplicitVR);
            Assert.Equal(row["byte_order"] == "big", syntax.IsBigEndian);
            Assert.Equal(row["deflate"] == "dataset", syntax.IsDeflated);
            Assert.Equal(row["pixel_data"] == "encapsulated", syntax.IsEncapsulated);
            Assert.Equal(row["retired"] == "Y", syntax.IsRetired);
        }
    }

    [Fact]
    public void Every_uid_row_is_registered_with_name_type_and_retired_flag()
    {
        var rows = Rows("uid_registry.tsv");
        foreach (var row in rows)
        {
            var info = DicomUidRegistry.Lookup(row["uid"])!;
            Assert.Equal(row["name"], info.Name);
            Assert.Equal(row["type"], info.Type);
            Assert.Equal(row["retired"] == "Y", info.IsRetired);
        }

        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", DicomUids.CTImageStorage);
        Assert.Equal(Rows("storage_sop_classes.tsv").Count, DicomUidRegistry.StorageSopClasses.Count);
        Assert.Equal("CT", DicomUidRegistry.LookupStorageSopClass(DicomUids.CTImageStorage)!.Group);
    }

    [Fact]
    public void The_34_VRs_have_their_explicit_length_field_sizes()
    {
        var rows = Rows("value_representations.tsv");
        Assert.Equal(34, DicomVR.All.Count);
        foreach (var row in rows)
        {
            Assert.Equal(row["explicit_vr_length_field"] == "long" ? 4 : 2, DicomVR.Parse(row["vr"]).ExplicitLengthFieldSize);
        }
    }

    [Fact]
    public void Private_tags_are_recognised_by_group_and_element()
    {
        Assert.True(new DicomTag(0x0029, 0x1010).IsPrivate);
        Assert.True(new DicomTag(0x0029, 0x0010).IsPrivateCreator);
        Assert.Equal(new DicomTag(0x0029, 0x0010), new DicomTag(0x0029, 0x1010).PrivateCreatorTag);
        Assert.False(new DicomTag(0x0007, 0x0010).IsPrivate);
        Assert.False(DicomTags.PatientName.IsPrivate);
    }

    private static List<Dictionary<string, string>> Rows(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(DataDirectory, file));
        var columns = lines[0].Split('\t');
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => columns.Zip(l.Split('\t')).ToDictionary(p => p.First, p => p.Second))
            .ToList();
    }
}

using System.Text.Json.Nodes;
using ClinicalImaging.Dicom.Dictionary;
using ClinicalImaging.Dicom.Generator;
using ClinicalImaging.Dicom.Json;
using ClinicalImaging.Dicom.Tests.Support;

namespace ClinicalImaging.Dicom.Tests;

/// <summary>The private dictionary: its provenance, its lookup, and the VRs it gives implicit-VR private elements of real files.</summary>
public class PrivateDictionaryTests
{
    private static readonly string Root = RepositoryPaths.FindRepositoryRoot(AppContext.BaseDirectory)!;

    [Fact]
    public void Checked_in_private_dictionary_is_a_fresh_import_of_the_installed_pydicom_dictionary()
    {
        var checkedIn = File.ReadAllText(RepositoryPaths.PrivateDictionaryPath(Root));
        var description = checkedIn.Split('\n')[1]["# Source: ".Length..].Split(", which pydicom")[0];
        var fresh = PrivateDictionaryGenerator.Import(PrivateDictionaryGenerator.DefaultSource, description);
        Assert.True(fresh == checkedIn, "private_dictionary.tsv is stale: run dotnet run --project tools/ClinicalImaging.Dicom.Generator -- --import-private-dictionary");
    }

    [Fact]
    public void Every_entry_is_found_by_its_creator_in_any_private_block()
    {
        Assert.True(DicomPrivateDictionary.Entries.Count > 9000);
        // A few source entries sit in groups that cannot be private (even, or 0003/0005, which PS3.5 §7.8.1 forbids): never looked up.
        var inPrivateGroups = DicomPrivateDictionary.Entries
            .Where(e => e.TagPattern[4..6] == "xx" && e.TagPattern[2..4] != "xx" && new DicomTag(Convert.ToUInt16(e.TagPattern[..4], 16), 0x1000).IsPrivate)
            .ToList();
        Assert.True(inPrivateGroups.Count > 8000);
        foreach (var entry in inPrivateGroups)
        {
            var group = Convert.ToUInt16(entry.TagPattern[..4], 16);
            var elementByte = Convert.ToUInt16(entry.TagPattern[6..], 16);
            foreach (var block in new ushort[] { 0x10, 0x42, 0xFF })
            {
                var found = DicomPrivateDictionary.Lookup(entry.Creator, new DicomTag(group, (ushort)((block << 8) | elementByte)));
                Assert.NotNull(found);
                Assert.Equal(entry.Creator, found.Creator);
                Assert.Equal(entry.TagPattern[6..], found.TagPattern[6..]);
            }
        }

        Assert.Null(DicomPrivateDictionary.Lookup("GEMS_ACQU_01", new DicomTag(0x0019, 0x0010))); // the creator element itself
        Assert.Null(DicomPrivateDictionary.Lookup("NO SUCH CREATOR", new DicomTag(0x0019, 0x1002)));
    }

    [Fact]
    public void Entries_that_hold_for_a_range_of_groups_are_found_in_each_group()
    {
        var entry = DicomPrivateDictionary.Entries.First(e => e.TagPattern[2..6] == "xxxx");
        var high = Convert.ToUInt16(entry.TagPattern[..2], 16) << 8;
        var elementByte = Convert.ToUInt16(entry.TagPattern[6..], 16);
        foreach (var low in new[] { 0x01, 0x03, 0xFF })
        {
            Assert.Same(entry, DicomPrivateDictionary.Lookup(entry.Creator, new DicomTag((ushort)(high | low), (ushort)(0x1000 | elementByte))));
        }
    }

    /// <summary>
    /// Real files with many private elements (three GE CT scans, 90–180 private elements each), written again in Implicit VR Little
    /// Endian by dcmtk's dcmconv so that no VR is in the stream: every private element must get the same VR as
    /// pydicom gives it (the whole DICOM JSON must match) and the same as dcmdump shows where dcmtk's own private
    /// dictionary knows the element (it shows UN or ?? where it does not).
    /// </summary>
    [Theory]
    [InlineData("test_files/CT_small.dcm")]
    [InlineData("test_files/dicomdirtests/77654033/CT2/17196")]
    [InlineData("test_files/dicomdirtests/98892001/CT5N/3353")]
    public void Implicit_VR_private_elements_get_the_private_dictionary_VR_that_pydicom_and_dcmdump_give(string file)
    {
        var folder = Directory.CreateTempSubdirectory("private-dictionary-");
        try
        {
            var implicitCopy = Path.Combine(folder.FullName, "implicit.dcm");
            Dcmdump.ConvertToImplicitVRLittleEndian(Corpus.PathOf(file), implicitCopy);
            using var ours = DicomFile.Open(implicitCopy);
            Assert.False(ours.TransferSyntax.IsExplicitVR);

            var privateElements = ours.Dataset.Where(e => e.Tag.IsPrivate && !e.Tag.IsPrivateCreator).ToList();
            var typed = privateElements.Count(e => e.VR != DicomVR.UN);
            Assert.Equal(privateElements.Count(e => DicomPrivateDictionary.Lookup(ours.Dataset, e.Tag) is { ValueRepresentation.Code: not "UN" }), typed);

            var pydicom = PydicomOracle.Run([implicitCopy])[implicitCopy];
            Assert.True((bool)pydicom["ok"]!, $"pydicom refuses the implicit copy: {pydicom["error"]}");
            var ourJson = JsonNode.Parse(DicomJsonSerializer.Serialize(ours.Dataset))!.AsObject();
            var differences = JsonComparer.Differences(ourJson, pydicom["json"]!.AsObject(), new HashSet<string>(), theirsIsBigEndian: false);
            Assert.True(differences.Count == 0, string.Join('\n', differences.Take(20)));

            var dump = DcmdumpOracleTests.ParseDump(Dcmdump.Run("-q", implicitCopy).Output).Where(l => l.Depth == 0).ToDictionary(l => l.Tag);
            var comparedWithDcmtk = 0;
            foreach (var element in privateElements.Where(e => dump[e.Tag].VR is not ("UN" or "??")))
            {
                Assert.True(element.VR.Code == dump[element.Tag].VR, $"{element.Tag} ({ours.Dataset.GetPrivateCreator(element.Tag)}): ours {element.VR}, dcmdump {dump[element.Tag].VR}");
                comparedWithDcmtk++;
            }

            Assert.True(typed >= 50 && comparedWithDcmtk >= 50, $"{typed} typed, {comparedWithDcmtk} compared with dcmdump");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

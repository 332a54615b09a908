using System.Text.Json.Nodes;
using ClinicalImaging.Dicom.Dictionary;
using ClinicalImaging.Dicom.IO;
using ClinicalImaging.Dicom.Json;
using ClinicalImaging.Dicom.Tests.Support;

namespace ClinicalImaging.Dicom.Tests;

/// <summary>One element of every one of the 34 VRs, written in each uncompressed syntax, read back by us and by pydicom.</summary>
public class AllVRTests
{
    public static TheoryData<string> Syntaxes => new()
    {
        DicomTransferSyntax.ImplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ExplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ExplicitVRBigEndian.Uid,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
    };

    /// <summary>The same data set written once per syntax, and pydicom's reading of all of them (one pydicom run).</summary>
    private static readonly Lazy<(DicomDataset Dataset, Dictionary<string, (string Path, JsonObject Pydicom)> Files)> Written = new(() =>
    {
        var dataset = EveryVR();
        var folder = Directory.CreateTempSubdirectory("all-vrs-");
        var paths = new Dictionary<string, string>();
        foreach (var row in Syntaxes)
        {
            var syntax = DicomTransferSyntax.Lookup(row)!;
            var path = Path.Combine(folder.FullName, $"{paths.Count}.dcm");
            new DicomFile(new DicomDataset(), dataset, syntax).Save(path);
            paths[syntax.Uid] = path;
        }

        var records = PydicomOracle.Run(paths.Values.ToList());
        return (dataset, paths.ToDictionary(p => p.Key, p => (p.Value, records[p.Value])));
    });

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void Every_VR_survives_writing_and_reading_for_us_and_for_pydicom(string syntaxUid)
    {
        var syntax = DicomTransferSyntax.Lookup(syntaxUid)!;
        var (dataset, files) = Written.Value;
        var (path, record) = files[syntaxUid];
        Assert.Equal(DicomVR.All.Select(v => v.Code).Order(), dataset.Select(e => e.VR.Code).Distinct().Order());
        var expected = JsonNode.Parse(DicomJsonSerializer.Serialize(dataset))!.AsObject();

        using var reread = DicomFile.Open(path);
        Assert.Equal(syntax, reread.TransferSyntax);
        var ours = JsonNode.Parse(DicomJsonSerializer.Serialize(reread.Dataset))!.AsObject();
        var ourDifferences = JsonComparer.Differences(ours, expected, new HashSet<string>(), theirsIsBigEndian: false, allowPadding: true);
        Assert.True(ourDifferences.Count == 0, string.Join('\n', ourDifferences));

        Assert.True((bool)record["ok"]!, (string?)record["error"]);
        // Elements newer than pydicom 2.3's dictionary come back as UN from implicit VR: compared by us only.
        var unknownToPydicom = syntax.IsExplicitVR ? [] : record["unknown"]!.AsArray().Select(t => (string)t!).ToHashSet();
        var theirDifferences = JsonComparer.Differences(expected, record["json"]!.AsObject(), unknownToPydicom, theirsIsBigEndian: syntax.IsBigEndian, allowPadding: true);
        Assert.True(theirDifferences.Count == 0, string.Join('\n', theirDifferences));
    }

    private static DicomDataset EveryVR()
    {
        var dataset = new DicomDataset()
            .Set(DicomTags.SOPClassUID, DicomUids.SecondaryCaptureImageStorage)
            .Set(DicomTags.SOPInstanceUID, DicomImplementation.NewUid());
        var strings = new Dictionary<string, string>
        {
            ["AE"] = "STATION1", ["AS"] = "045Y", ["CS"] = "ORIGINAL\\PRIMARY", ["DA"] = "20240229", ["DS"] = "1.5\\-2",
            ["DT"] = "20240229153000.5", ["IS"] = "7\\-3", ["LO"] = "Long string", ["LT"] = "line one\r\nline two",
            ["PN"] = "Doe^John", ["SH"] = "short", ["ST"] = "short text", ["TM"] = "153000.25", ["UC"] = "unlimited",
            ["UI"] = "1.2.840.10008.1.2", ["UR"] = "http://example.com/a", ["UT"] = "unlimited text",
        };
        foreach (var vr in DicomVR.All)
        {
            var tag = TagWithVR(vr);
            if (vr == DicomVR.UN)
            {
                // No public element is UN: use a private one, reserving its block.
                tag = dataset.ReservePrivateTag(0x0009, "CLINIMG TEST", 0x01);
                dataset.Set(tag, DicomVR.UN, new byte[] { 1, 2, 3, 4 });
                continue;
            }

            if (tag == DicomTags.SOPClassUID || tag == DicomTags.SOPInstanceUID)
            {
                continue;
            }

            _ = vr.Code switch
            {
                "SQ" => dataset.Set(tag, [new DicomDataset().Set(DicomTags.CodeValue, "T-D1100")]),
                "US" => dataset.Set(tag, vr, (ushort)1, (ushort)65535),
                "SS" => dataset.Set(tag, vr, (short)-1, (short)2),
                "UL" => dataset.Set(tag, vr, 1u, 4_000_000_000u),
                "SL" => dataset.Set(tag, vr, -5, 7),
                "FL" => dataset.Set(tag, vr, 1.5f, -2.25f),
                "FD" => dataset.Set(tag, vr, 3.25, -1e300),
                "SV" => dataset.Set(tag, vr, -9_000_000_000_000_000_000L),
                "UV" => dataset.Set(tag, vr, 18_000_000_000_000_000_000UL),
                "AT" => dataset.Set(tag, DicomTags.PatientName),
                "OB" => dataset.Set(tag, vr, new byte[] { 1, 2, 3, 4, 5, 6 }),
                "OW" => dataset.Set(tag, vr, (ushort)0x0102, (ushort)0x0304),
                "OD" => dataset.Set(tag, vr, 1.25, 2.5),
                "OF" => dataset.Set(tag, vr, 1.25f, 2.5f),
                "OL" => dataset.Set(tag, vr, 0x01020304u, 0x05060708u),
                "OV" => dataset.Set(tag, vr, 0x0102030405060708UL),
                _ => dataset.Set(tag, vr, strings[vr.Code]),
            };
        }

        return dataset;
    }

    /// <summary>
    /// A current public element whose only VR is <paramref name="vr"/>. For the 64-bit VRs, the selector elements:
    /// pydicom 2.3's older dictionary knows them, which matters when it reads the implicit VR file.
    /// </summary>
    private static DicomTag TagWithVR(DicomVR vr) => vr.Code switch
    {
        "SV" => DicomTags.SelectorSVValue,
        "UV" => DicomTags.SelectorUVValue,
        "OV" => DicomTags.SelectorOVValue,
        _ => DicomDictionary.Entries
            .Where(e => !e.IsRetired && !e.IsRepeating && e.ValueRepresentations.Count == 1 && e.ValueRepresentations[0] == vr && e.Tag.Group >= 0x0008 && e.Tag.Group != 0xFFFE && !e.Tag.IsGroupLength)
            .Select(e => e.Tag)
            .FirstOrDefault(),
    };
}

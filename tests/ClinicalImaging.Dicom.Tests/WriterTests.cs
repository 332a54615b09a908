using System.Text.Json.Nodes;
using ClinicalImaging.Dicom.IO;
using ClinicalImaging.Dicom.Tests.Support;

namespace ClinicalImaging.Dicom.Tests;

public class WriterTests
{
    private static readonly string CtSmall = Corpus.PathOf("test_files/CT_small.dcm");

    public static TheoryData<string> UncompressedSyntaxes => new()
    {
        DicomTransferSyntax.ImplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ExplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ExplicitVRBigEndian.Uid,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
    };

    /// <summary>CT_small written once per syntax, and pydicom's reading of the original and of every copy (one pydicom run).</summary>
    private static readonly Lazy<Dictionary<string, (string Path, JsonObject Pydicom, JsonObject Original)>> Written = new(() =>
    {
        using var original = DicomFile.Open(CtSmall);
        var folder = Directory.CreateTempSubdirectory("writer-");
        var paths = new Dictionary<string, string>();
        foreach (var row in UncompressedSyntaxes)
        {
            var syntax = DicomTransferSyntax.Lookup(row)!;
            var path = Path.Combine(folder.FullName, $"{paths.Count}.dcm");
            original.Save(path, new DicomWriteOptions { TransferSyntax = syntax });
            paths[syntax.Uid] = path;
        }

        var records = PydicomOracle.Run([CtSmall, .. paths.Values]);
        return paths.ToDictionary(p => p.Key, p => (p.Value, records[p.Value], records[CtSmall]));
    });

    [Theory]
    [MemberData(nameof(UncompressedSyntaxes))]
    public void Writes_every_uncompressed_syntax_so_pydicom_and_dcmdump_read_the_same_data(string syntaxUid)
    {
        var syntax = DicomTransferSyntax.Lookup(syntaxUid)!;
        var (path, written, original) = Written.Value[syntaxUid];
        using var ours = DicomFile.Open(CtSmall);

        Assert.False(Dcmdump.Refuses(path));
        Assert.Equal(syntaxUid, (string?)written["transfer_syntax"]);
        var ignored = ours.Dataset.Where(e => e.Tag.IsGroupLength).Select(e => e.Tag.ToHexString()).ToHashSet();
        var differences = JsonComparer.Differences(original["json"]!.AsObject(), written["json"]!.AsObject(), ignored, theirsIsBigEndian: syntax.IsBigEndian, allowPadding: true);
        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }

    [Fact]
    public void File_meta_is_generated_with_group_length_syntax_and_our_implementation()
    {
        using var original = DicomFile.Open(CtSmall);
        using var stream = new MemoryStream();
        original.Save(stream, new DicomWriteOptions { TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian });
        stream.Position = 0;
        using var reread = DicomFile.Open(stream);

        var meta = reread.FileMetaInformation;
        var metaLength = meta.Where(e => e.Tag != DicomTags.FileMetaInformationGroupLength)
            .Sum(e => 8 + (e.VR.ExplicitLengthFieldSize == 4 ? 4 : 0) + ((DicomValueElement)e).Length);
        Assert.Equal(metaLength, meta.GetInt64(DicomTags.FileMetaInformationGroupLength));
        Assert.Equal(DicomImplementation.ClassUid, meta.GetUid(DicomTags.ImplementationClassUID));
        Assert.Equal(DicomImplementation.VersionName, meta.GetString(DicomTags.ImplementationVersionName));
        Assert.Equal(original.Dataset.GetUid(DicomTags.SOPInstanceUID), meta.GetUid(DicomTags.MediaStorageSOPInstanceUID));
        Assert.Equal(original.Dataset.GetUid(DicomTags.SOPClassUID), meta.GetUid(DicomTags.MediaStorageSOPClassUID));
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian.Uid, meta.GetUid(DicomTags.TransferSyntaxUID));
        Assert.Equal(new byte[] { 0, 1 }, meta.GetBytes(DicomTags.FileMetaInformationVersion).ToArray());
    }

    [Fact]
    public void Odd_length_values_are_padded_with_the_byte_their_VR_requires()
    {
        var dataset = new DicomDataset()
            .Set(DicomTags.SOPInstanceUID, "1.2.3")
            .Set(DicomTags.PatientID, "ABC")
            .Set(DicomTags.PrivateInformation, DicomVR.OB, new byte[] { 1, 2, 3 });
        using var stream = new MemoryStream();
        DicomWriter.WriteDataset(stream, dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        stream.Position = 0;

        var read = DicomReader.ReadDataset(stream, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal("1.2.3\0"u8.ToArray(), read.GetBytes(DicomTags.SOPInstanceUID).ToArray());
        Assert.Equal("ABC "u8.ToArray(), read.GetBytes(DicomTags.PatientID).ToArray());
        Assert.Equal(new byte[] { 1, 2, 3, 0 }, read.GetBytes(DicomTags.PrivateInformation).ToArray());
        Assert.Equal("1.2.3", read.GetUid(DicomTags.SOPInstanceUID));
    }

    [Fact]
    public void Encapsulated_frames_written_by_us_are_split_back_into_the_same_frames_by_pydicom()
    {
        byte[][] frames = [[0xFF, 0xD8, 0xFF, 1, 2, 3, 0xFF, 0xD9], [0xFF, 0xD8, 0xFF, 9, 8, 7, 0xFF, 0xD9]];
        var dataset = new DicomDataset()
            .Set(DicomTags.SOPClassUID, DicomUids.SecondaryCaptureImageStorage)
            .Set(DicomTags.SOPInstanceUID, DicomImplementation.NewUid())
            .Set(DicomTags.NumberOfFrames, "2")
            .Set(DicomTags.Rows, (ushort)1)
            .Set(DicomTags.Columns, (ushort)1)
            .Set(DicomTags.BitsAllocated, (ushort)8)
            .AddOrUpdate(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, EncapsulatedPixelData.FromFrames(frames.Select(f => (ReadOnlyMemory<byte>)f))));
        var path = Path.Combine(Path.GetTempPath(), $"encapsulated-{Guid.NewGuid():N}.dcm");
        try
        {
            new DicomFile(new DicomDataset(), dataset, DicomTransferSyntax.JPEGBaseline8Bit).Save(path);

            using var reread = DicomFile.Open(path);
            var pixelData = DicomPixelData.From(reread.Dataset)!;
            Assert.Equal(frames[0], pixelData.ReadEncapsulatedFrame(0));
            Assert.Equal(frames[1], pixelData.ReadEncapsulatedFrame(1));
            var pydicomFrames = Python.RunJson(
                "import sys, json, pydicom; from pydicom.encaps import generate_pixel_data_frame as g; d = pydicom.dcmread(sys.argv[1]);" +
                "print(json.dumps([list(f) for f in g(d.PixelData, 2)]))",
                path).AsArray();
            Assert.Equal(frames[0], pydicomFrames[0]!.AsArray().Select(b => (byte)(int)b!).ToArray());
            Assert.Equal(frames[1], pydicomFrames[1]!.AsArray().Select(b => (byte)(int)b!).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Our_implementation_uid_is_the_documented_derivation_and_a_valid_uid()
    {
        Assert.Equal(DicomImplementation.ClassUid, DicomImplementation.DeriveUid("ClinicalImaging.Dicom"));
        Assert.True(DicomImplementation.ClassUid.Length <= 64);
        Assert.Matches("^2\\.25\\.[1-9][0-9]*$", DicomImplementation.ClassUid);
        Assert.Matches("^2\\.25\\.[1-9][0-9]*$", DicomImplementation.NewUid());
    }
}

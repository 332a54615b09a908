using System.Security.Cryptography;
using ClinicalImaging.Dicom.IO;
using ClinicalImaging.Dicom.Tests.Support;

namespace ClinicalImaging.Dicom.Tests;

public class PixelDataTests
{
    private const string FrameHashes =
        "import sys, json, hashlib, pydicom\n" +
        "from pydicom.encaps import generate_pixel_data_frame\n" +
        "out = {}\n" +
        "for path in sys.argv[1:]:\n" +
        "    d = pydicom.dcmread(path)\n" +
        "    n = int(d.get('NumberOfFrames', 1) or 1)\n" +
        "    if d.file_meta.TransferSyntaxUID.is_compressed:\n" +
        "        frames = list(generate_pixel_data_frame(d.PixelData, n))\n" +
        "    else:\n" +
        "        size = d.Rows * d.Columns * d.SamplesPerPixel * d.BitsAllocated // 8\n" +
        "        frames = [d.PixelData[i * size:(i + 1) * size] for i in range(n)]\n" +
        "    out[path] = [hashlib.sha256(f).hexdigest() for f in frames]\n" +
        "print(json.dumps(out))\n";

    private static readonly string[] FileList =
    [
        "test_files/rtdose.dcm",
        "test_files/SC_rgb_rle_32bit_2frame.dcm",
        "test_files/SC_rgb_rle_2frame.dcm",
        "test_files/rtdose_rle.dcm",
        "test_files/JPEG2000.dcm",
        "test_files/liver_1frame.dcm",
        "test_files/CT_small.dcm",
    ];

    private static readonly Lazy<System.Text.Json.Nodes.JsonNode> PydicomHashes =
        new(() => Python.RunJson(FrameHashes, [.. FileList.Select(Corpus.PathOf)]));

    public static TheoryData<string> Files => new(FileList);

    [Theory]
    [MemberData(nameof(Files))]
    public void Frames_are_the_bytes_pydicom_gives_for_each_frame(string file)
    {
        var path = Corpus.PathOf(file);
        var expected = PydicomHashes.Value[path]!.AsArray().Select(h => (string)h!).ToList();
        using var dicom = DicomFile.Open(path, DicomReadOptions.Lazy with { LazyValueThreshold = 256 });
        var pixelData = DicomPixelData.From(dicom)!;

        Assert.Equal(expected.Count, pixelData.NumberOfFrames);
        Assert.Equal(dicom.TransferSyntax.IsEncapsulated, pixelData.IsEncapsulated);
        for (var frame = 0; frame < expected.Count; frame++)
        {
            var bytes = pixelData.IsEncapsulated ? pixelData.ReadEncapsulatedFrame(frame) : pixelData.ReadNativeFrames(frame, 1);
            Assert.Equal(expected[frame], Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
    }

    [Fact]
    public void Native_frame_ranges_are_consecutive_frames()
    {
        using var dicom = DicomFile.Open(Corpus.PathOf("test_files/rtdose.dcm"));
        var pixelData = DicomPixelData.From(dicom.Dataset)!;

        var range = pixelData.ReadNativeFrames(1, 2);

        Assert.Equal(pixelData.ReadNativeFrames(1, 1).Concat(pixelData.ReadNativeFrames(2, 1)), range);
    }
}

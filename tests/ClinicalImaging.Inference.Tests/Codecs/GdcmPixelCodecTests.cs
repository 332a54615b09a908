using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Codecs;
using ClinicalImaging.Dicom.Imaging.Display;
using ClinicalImaging.Dicom.Tests.Imaging;
using ClinicalImaging.Infrastructure.Codecs;
using Xunit;

namespace ClinicalImaging.Inference.Tests.Codecs;

/// <summary>pydicom's decoders (Pillow) where it has them, else dcmtk's dcmdjpeg / dcmdjpls.</summary>
public sealed class GdcmOracleFixture() : PydicomOracle(Files.Select(f => f.File), [])
{
    /// <summary>Test files and how far a decoder may differ: 0 for lossless, a little for lossy IDCT rounding.</summary>
    public static readonly (string File, int Tolerance)[] Files =
    [
        ("JPEG2000.dcm", 0), ("MR_small_jp2klossless.dcm", 0), ("693_J2KI.dcm", 0), ("SC_rgb_gdcm_KY.dcm", 0),
        ("JPEG-lossy.dcm", 0), ("JPGExtended.dcm", 0), ("SC_rgb_jpeg_gdcm.dcm", 0), ("MR_small_jpeg_ls_lossless.dcm", 0),
        ("SC_rgb_jpeg_dcmtk.dcm", 1), ("SC_rgb_dcmtk_+eb+cy+np.dcm", 1), ("SC_jpeg_no_color_transform.dcm", 1),
        ("SC_rgb_small_odd_jpeg.dcm", 1), ("SC_rgb_jpeg_lossy_gdcm.dcm", 1), ("MR_small.dcm", 0),
    ];
}

public sealed class GdcmPixelCodecTests(GdcmOracleFixture oracle) : IClassFixture<GdcmOracleFixture>
{
    private static readonly PixelCodecRegistry Registry = GdcmPixelCodec.RegisterAll(PixelCodecRegistry.CreateDefault());

    public static TheoryData<string, int> CompressedFiles
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var (file, tolerance) in GdcmOracleFixture.Files.Where(f => f.File != "MR_small.dcm"))
            {
                data.Add(file, tolerance);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(CompressedFiles))]
    public void Decodes_like_pydicom_or_dcmtk(string file, int tolerance)
    {
        var oracleCase = oracle.Case(file);
        var codec = Registry.GetCodec(oracleCase.TransferSyntaxUid);
        Assert.IsType<GdcmPixelCodec>(codec);

        using var frame = codec.Decode(oracleCase.Frame(0), oracleCase.Description, 0);

        Assert.Equal(oracleCase.Meta.GetProperty("DecodedPhotometricInterpretation").GetString(), frame.PhotometricInterpretation.ToCode(), new PhotometricComparer());
        Assert.Equal(oracleCase.ExpectedDtype, Dtype(frame.SampleType));
        long worst = MaxDifference(frame, oracleCase.ExpectedFrame(0));
        Assert.True(worst <= tolerance, $"{file}: samples differ by up to {worst} (allowed {tolerance})");
    }

    [Theory]
    [InlineData("MR_small_jpeg_ls_lossless.dcm")]
    [InlineData("MR_small_jp2klossless.dcm")]
    public void Lossless_frames_equal_the_uncompressed_original(string file)
    {
        var compressed = oracle.Case(file);
        var original = oracle.Case("MR_small.dcm");

        using var decoded = Registry.GetCodec(compressed.TransferSyntaxUid).Decode(compressed.Frame(0), compressed.Description, 0);
        using var native = Registry.GetCodec(original.TransferSyntaxUid).Decode(original.PixelData, original.Description, 0);

        Assert.True(decoded.Bytes.SequenceEqual(native.Bytes));
    }

    [Fact]
    public void Renders_a_subsampled_YBR_JPEG_like_dcmtk()
    {
        var oracleCase = oracle.Case("SC_rgb_dcmtk_+eb+cy+np.dcm");
        using var frame = Registry.GetCodec(oracleCase.TransferSyntaxUid).Decode(oracleCase.Frame(0), oracleCase.Description, 0);

        var image = FrameRenderer.Render(frame);

        var dcmtk = DcmtkRenderer.Render(DcmtkRenderer.TestFile("SC_rgb_dcmtk_+eb+cy+np.dcm"));
        Assert.Equal((dcmtk.Width, dcmtk.Height, dcmtk.Channels), (image.Width, image.Height, image.Channels));
        int worst = dcmtk.Pixels.Zip(image.Pixels, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 2, $"RGB differs from dcmtk by up to {worst}");
    }

    [Fact]
    public void Rejects_a_truncated_codestream_with_a_pixel_data_exception()
    {
        var oracleCase = oracle.Case("JPEG2000.dcm");
        byte[] frame = oracleCase.Frame(0);

        Assert.Throws<PixelDataException>(() =>
            Registry.GetCodec(oracleCase.TransferSyntaxUid).Decode(frame.AsSpan(0, 200), oracleCase.Description, 0));
        Assert.Throws<PixelDataException>(() =>
            Registry.GetCodec("1.2.840.10008.1.2.4.50").Decode(new byte[64], oracleCase.Description, 0));
    }

    [Fact]
    public void Decodes_concurrently_and_repeatedly_without_sharing_native_state()
    {
        var oracleCase = oracle.Case("MR_small_jpeg_ls_lossless.dcm");
        byte[] data = oracleCase.Frame(0);
        var codec = Registry.GetCodec(oracleCase.TransferSyntaxUid);
        using var reference = codec.Decode(data, oracleCase.Description, 0);
        byte[] expected = reference.Bytes.ToArray();

        Parallel.For(0, 200, _ =>
        {
            using var frame = codec.Decode(data, oracleCase.Description, 0);
            Assert.True(frame.Bytes.SequenceEqual(expected));
        });
    }

    [Fact]
    public void Refuses_transfer_syntaxes_it_does_not_decode()
    {
        var error = Assert.Throws<PixelDataException>(() => new GdcmPixelCodec("1.2.840.10008.1.2.5"));
        Assert.Contains("1.2.840.10008.1.2.5", error.Message, StringComparison.Ordinal);
    }

    private static long MaxDifference(DecodedFrame frame, byte[] expectedLittleEndian)
    {
        int size = frame.SampleType.ByteSize();
        Assert.Equal(expectedLittleEndian.Length, frame.ByteLength);
        long worst = 0;
        for (int i = 0; i < frame.SampleCount; i++)
        {
            worst = Math.Max(worst, Math.Abs(Read(frame.Bytes, i, size, frame.SampleType.IsSigned()) - Read(expectedLittleEndian, i, size, frame.SampleType.IsSigned())));
        }

        return worst;
    }

    private static long Read(ReadOnlySpan<byte> bytes, int index, int size, bool signed) => (size, signed) switch
    {
        (1, false) => bytes[index],
        (1, true) => (sbyte)bytes[index],
        (2, false) => BitConverter.ToUInt16(bytes.Slice(index * 2, 2)),
        (2, true) => BitConverter.ToInt16(bytes.Slice(index * 2, 2)),
        (4, false) => BitConverter.ToUInt32(bytes.Slice(index * 4, 4)),
        _ => BitConverter.ToInt32(bytes.Slice(index * 4, 4)),
    };

    private static string Dtype(PixelSampleType type) => type switch
    {
        PixelSampleType.UInt8 => "uint8",
        PixelSampleType.Int8 => "int8",
        PixelSampleType.UInt16 => "uint16",
        PixelSampleType.Int16 => "int16",
        PixelSampleType.UInt32 => "uint32",
        _ => "int32",
    };

    /// <summary>pydicom leaves JPEG YCbCr labelled YBR_FULL_422; decoded frames are full resolution, so YBR_FULL.</summary>
    private sealed class PhotometricComparer : IEqualityComparer<string?>
    {
        public bool Equals(string? x, string? y) => Normalise(x) == Normalise(y);

        public int GetHashCode(string? obj) => Normalise(obj).GetHashCode(StringComparison.Ordinal);

        private static string Normalise(string? code) => code == "YBR_FULL_422" ? "YBR_FULL" : code ?? "";
    }
}

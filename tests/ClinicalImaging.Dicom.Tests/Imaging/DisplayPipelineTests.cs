using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Codecs;
using ClinicalImaging.Dicom.Imaging.Display;
using Xunit;

namespace ClinicalImaging.Dicom.Tests.Imaging;

[Collection(ImagingOracleCollection.Name)]
public sealed class DisplayPipelineTests(ImagingOracleFixture oracle)
{
    public static TheoryData<string> MonochromeFiles =>
        ["CT_small.dcm", "MR_small.dcm", "MR_small_bigendian.dcm", "MR_small_RLE.dcm", "image_dfl.dcm", "rtdose.dcm", "liver_1frame.dcm"];

    [Theory]
    [MemberData(nameof(MonochromeFiles))]
    public void Applies_rescale_and_every_VOI_function_like_pydicom(string file)
    {
        var oracleCase = oracle.Case(file);
        using var frame = DecodeFirstFrame(oracleCase);
        var modality = ModalityFor(oracleCase);
        double[] stored = SampleValues(frame);

        double[] expectedModality = oracleCase.ModalityOutput;
        double[] modalityValues = [.. stored.Select(modality.Apply)];
        Assert.Equal(expectedModality, modalityValues);

        var (storedMin, storedMax) = oracleCase.Description.StoredValueRange;
        var (yMin, yMax) = modality.OutputRange(storedMin, storedMax);
        for (int k = 0; k < oracleCase.Windows.Count; k++)
        {
            var (center, width, function) = oracleCase.Windows[k];
            var window = new VoiWindow(center, width, VoiWindow.ParseFunction(function));
            double[] expected = oracleCase.VoiOutput(k);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], window.Apply(modalityValues[i], yMin, yMax), 1e-9 * (yMax - yMin));
            }
        }
    }

    [Theory]
    [InlineData("CT_small.dcm")]
    [InlineData("MR_small_RLE.dcm")]
    public void Writes_modality_values_as_floats_for_model_input_like_pydicom(string file)
    {
        var oracleCase = oracle.Case(file);
        using var frame = DecodeFirstFrame(oracleCase);
        float[] values = new float[frame.SampleCount];

        ModalityFor(oracleCase).ApplyTo(frame, values);

        Assert.Equal(oracleCase.ModalityOutput.Select(v => (float)v), values);
    }

    [Theory]
    [InlineData("CT_small.dcm", 40.0, 400.0, "LINEAR")]
    [InlineData("CT_small.dcm", -600.0, 1500.0, "LINEAR")]
    [InlineData("MR_small.dcm", 600.0, 800.0, "SIGMOID")]
    [InlineData("MR_small_RLE.dcm", 300.0, 2.0, "LINEAR")]
    public void Renders_a_window_like_dcmtk(string file, double center, double width, string function)
    {
        var oracleCase = oracle.Case(file);
        using var frame = DecodeFirstFrame(oracleCase);
        var options = new RenderOptions
        {
            Modality = ModalityFor(oracleCase),
            Window = new VoiWindow(center, width, VoiWindow.ParseFunction(function)),
        };

        var image = FrameRenderer.Render(frame, options);

        string functionOption = function == "SIGMOID" ? "+Wfs" : "+Wfl";
        var dcmtk = DcmtkRenderer.Render(
            DcmtkRenderer.TestFile(file), "+Ww", $"{center}", $"{width}", functionOption);
        AssertImagesWithin(dcmtk, image, tolerance: 1);
    }

    [Fact]
    public void Renders_the_window_a_file_carries_like_dcmtk()
    {
        var oracleCase = oracle.Case("MR_small.dcm");
        using var frame = DecodeFirstFrame(oracleCase);
        var window = VoiWindow.Select(
            [.. oracleCase.Meta.GetProperty("WindowCenter").EnumerateArray().Select(v => v.GetDouble())],
            [.. oracleCase.Meta.GetProperty("WindowWidth").EnumerateArray().Select(v => v.GetDouble())],
            function: null);

        var image = FrameRenderer.Render(frame, new RenderOptions { Modality = ModalityFor(oracleCase), Window = window });

        AssertImagesWithin(DcmtkRenderer.Render(DcmtkRenderer.TestFile("MR_small.dcm"), "+Wi", "1"), image, tolerance: 1);
    }

    [Theory]
    [InlineData("ExplVR_BigEnd.dcm")]
    [InlineData("SC_rgb_small_odd.dcm")]
    [InlineData("SC_ybr_full_422_uncompressed.dcm")]
    [InlineData("SC_rgb_rle_16bit.dcm")]
    public void Renders_color_frames_like_dcmtk(string file)
    {
        var oracleCase = oracle.Case(file);
        using var frame = DecodeFirstFrame(oracleCase);

        var image = FrameRenderer.Render(frame);

        Assert.Equal(3, image.Channels);
        AssertImagesWithin(DcmtkRenderer.Render(DcmtkRenderer.TestFile(file)), image, tolerance: 1);
    }

    [Fact]
    public void Automatic_min_max_window_spans_black_to_white()
    {
        var oracleCase = oracle.Case("CT_small.dcm");
        using var frame = DecodeFirstFrame(oracleCase);

        var image = FrameRenderer.Render(frame, new RenderOptions { Modality = ModalityFor(oracleCase) });

        Assert.Equal(0, image.Pixels.Min());
        Assert.Equal(255, image.Pixels.Max());
        var dcmtk = DcmtkRenderer.Render(DcmtkRenderer.TestFile("CT_small.dcm"), "+Wm");
        AssertImagesWithin(dcmtk, image, tolerance: 1);
    }

    [Fact]
    public void Percentile_window_ignores_a_few_extreme_pixels()
    {
        var description = new PixelDataDescription(100, 100, 16, 16, 15, PixelRepresentation.Signed);
        using var frame = DecodedFrame.Create(description);
        var samples = frame.GetSamples<short>();
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(i % 1000);
        }

        samples[0] = short.MinValue; // a padding pixel
        samples[1] = short.MaxValue; // metal

        var minMax = FrameRenderer.Render(frame);
        var robust = FrameRenderer.Render(frame, new RenderOptions { AutoWindow = AutoWindow.Robust });

        // Min/max squeezes 0..999 into a few gray levels; the robust window spreads them over nearly all 256.
        Assert.True(minMax.Pixels.Skip(2).Distinct().Count() <= 5);
        Assert.True(robust.Pixels.Skip(2).Distinct().Count() >= 250);
    }

    [Fact]
    public void MONOCHROME1_renders_inverted_unless_the_presentation_shape_says_otherwise()
    {
        var mono2 = new PixelDataDescription(2, 2, 8, 8, 7, PixelRepresentation.Unsigned);
        var mono1 = new PixelDataDescription(2, 2, 8, 8, 7, PixelRepresentation.Unsigned, photometricInterpretation: PhotometricInterpretation.Monochrome1);
        byte[] values = [0, 50, 100, 255];
        using var frame2 = NativeFrameDecoder.Decode(values, mono2, 0);
        using var frame1 = NativeFrameDecoder.Decode(values, mono1, 0);
        var window = new RenderOptions { Window = new VoiWindow(128, 256) };

        byte[] normal = FrameRenderer.Render(frame2, window).Pixels;
        byte[] inverted = FrameRenderer.Render(frame1, window).Pixels;
        byte[] identity = FrameRenderer.Render(frame1, window with { PresentationShape = PresentationLutShape.Identity }).Pixels;

        Assert.Equal(normal.Select(v => (byte)(255 - v)), inverted);
        Assert.Equal(normal, identity);
    }

    [Fact]
    public void VOI_LUT_table_takes_precedence_over_the_window_and_scales_to_8_bits()
    {
        var description = new PixelDataDescription(1, 4, 16, 12, 11, PixelRepresentation.Unsigned);
        using var frame = DecodedFrame.Create(description);
        ushort[] stored = [0, 100, 200, 4095];
        stored.CopyTo(frame.GetSamples<ushort>());
        // 12-bit table: first mapped value 100, two entries; below 100 clamps to the first, above to the last.
        var table = LookupTable.FromDescriptor([2, 100, 12], [0x00, 0x00, 0xFF, 0x0F]);

        var image = FrameRenderer.Render(frame, new RenderOptions { VoiLookupTable = table, Window = new VoiWindow(0, 1) });

        Assert.Equal(new byte[] { 0, 0, 255, 255 }, image.Pixels);
    }

    [Fact]
    public void Applies_Modality_and_VOI_LUT_Sequence_tables_like_pydicom()
    {
        int[] values = [.. Enumerable.Range(-2100, 4400)];
        // Modality: 4096 entries from -1024 (a CT-like ramp with a kink); VOI: 12-bit entries (pydicom 2.3
        // indexes 8-bit VOI tables with uint8 and wraps beyond 255 entries, so it is no oracle for those).
        ushort[] modalityEntries = [.. Enumerable.Range(0, 4096).Select(i => (ushort)(i < 2000 ? i : 2000 + ((i - 2000) / 3)))];
        ushort[] voiEntries = [.. Enumerable.Range(0, 1000).Select(i => (ushort)(i * 4095 / 999))];
        (string Kind, int[] Descriptor, ushort[] Entries)[] luts =
        [
            ("modality", [4096, 64512, 16], modalityEntries), // first mapped value -1024 written as US
            ("voi", [1000, 100, 12], voiEntries),
            ("modality", [0, 0, 16], [.. Enumerable.Range(0, 65536).Select(i => (ushort)(65535 - i))]), // 0 means 65536
        ];
        byte[][] data = [.. luts.Select(l => System.Runtime.InteropServices.MemoryMarshal.AsBytes(l.Entries.AsSpan()).ToArray())];
        // pydicom takes the first mapped value as written; it only reads -1024 if given as signed.
        var expected = oracle.ApplyLutsWithPydicom(
        [
            ("modality", [4096, -1024, 16], data[0], values),
            ("voi", luts[1].Descriptor, data[1], values),
            ("modality", luts[2].Descriptor, data[2], values),
        ]);

        for (int i = 0; i < luts.Length; i++)
        {
            var table = LookupTable.FromDescriptor(luts[i].Descriptor, data[i], signedInput: true);
            var transform = luts[i].Kind == "modality" ? ModalityTransform.FromTable(table) : null;
            int[] actual = [.. values.Select(v => transform is null ? table.Lookup(v) : (int)transform.Apply(v))];
            Assert.Equal(expected[i], actual);
        }
    }

    [Fact]
    public void Window_attributes_must_pair_and_the_chosen_index_must_exist()
    {
        var unpaired = Assert.Throws<PixelDataException>(() => VoiWindow.Select([40, 400], [400], null));
        Assert.Contains("must pair up", unpaired.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<PixelDataException>(() => VoiWindow.Select([40], [400], null, index: 1));
        Assert.Contains("index 1", missing.Message, StringComparison.Ordinal);
        var narrow = Assert.Throws<PixelDataException>(() => new VoiWindow(40, 0.5));
        Assert.Contains("at least 1 for VOI LUT Function LINEAR", narrow.Message, StringComparison.Ordinal);
        Assert.Equal(VoiLutFunction.Sigmoid, VoiWindow.Select([1, 2], [3, 4], "SIGMOID ", 1).Function);
    }

    internal static DecodedFrame DecodeFirstFrame(OracleCase oracleCase)
    {
        var codec = PixelCodecRegistry.CreateDefault().GetCodec(oracleCase.TransferSyntaxUid);
        byte[] data = codec.IsEncapsulated ? oracleCase.Frame(0) : oracleCase.PixelData;
        return codec.Decode(data, oracleCase.Description, 0);
    }

    internal static ModalityTransform ModalityFor(OracleCase oracleCase) =>
        oracleCase.RescaleSlope is double slope
            ? ModalityTransform.Rescale(slope, oracleCase.RescaleIntercept ?? 0)
            : ModalityTransform.Identity;

    internal static double[] SampleValues(DecodedFrame frame) => frame.SampleType switch
    {
        PixelSampleType.UInt8 => [.. frame.GetSamples<byte>().ToArray().Select(v => (double)v)],
        PixelSampleType.Int8 => [.. frame.GetSamples<sbyte>().ToArray().Select(v => (double)v)],
        PixelSampleType.UInt16 => [.. frame.GetSamples<ushort>().ToArray().Select(v => (double)v)],
        PixelSampleType.Int16 => [.. frame.GetSamples<short>().ToArray().Select(v => (double)v)],
        PixelSampleType.UInt32 => [.. frame.GetSamples<uint>().ToArray().Select(v => (double)v)],
        _ => [.. frame.GetSamples<int>().ToArray().Select(v => (double)v)],
    };

    internal static void AssertImagesWithin(
        (int Width, int Height, int Channels, byte[] Pixels) expected, RenderedImage actual, int tolerance)
    {
        Assert.Equal((expected.Width, expected.Height, expected.Channels), (actual.Width, actual.Height, actual.Channels));
        int worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.Pixels.Length; i++)
        {
            int difference = Math.Abs(expected.Pixels[i] - actual.Pixels[i]);
            if (difference > worst)
            {
                (worst, worstIndex) = (difference, i);
            }
        }

        Assert.True(
            worst <= tolerance,
            $"Sample {worstIndex} differs by {worst} (expected {(worstIndex >= 0 ? expected.Pixels[worstIndex] : 0)}, got {(worstIndex >= 0 ? actual.Pixels[worstIndex] : 0)}).");
    }
}

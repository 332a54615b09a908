using System.Buffers.Binary;
using ClinicalImaging.Dicom.Imaging.Display;
using ClinicalImaging.Dicom.Imaging.Png;
using Xunit;

namespace ClinicalImaging.Dicom.Tests.Imaging;

[Collection(ImagingOracleCollection.Name)]
public sealed class PngAndResizeTests(ImagingOracleFixture oracle)
{
    [Fact]
    public void Writes_PNGs_that_zlib_and_Pillow_read_back_pixel_for_pixel()
    {
        var random = new Random(7);
        var ct = FrameRenderer.Render(
            DisplayPipelineTests.DecodeFirstFrame(oracle.Case("CT_small.dcm")),
            new RenderOptions { Window = new VoiWindow(1064, 400) });
        var rgb = FrameRenderer.Render(DisplayPipelineTests.DecodeFirstFrame(oracle.Case("SC_rgb_small_odd.dcm")));
        // Noise does not compress: 400 x 300 RGB spans several 64 KiB IDAT chunks.
        byte[] noise = new byte[400 * 300 * 3];
        random.NextBytes(noise);
        var noisy = new RenderedImage(400, 300, 3, noise);
        var column = new RenderedImage(1, 5, 1, [0, 64, 128, 192, 255]);
        ushort[] gray16 = [.. Enumerable.Range(0, 37 * 23).Select(i => (ushort)(i * 71 % 65536))];

        using var gray16Png = new MemoryStream();
        PngEncoder.WriteGray16(gray16Png, gray16, 37, 23);
        var results = oracle.CheckPngs(
            [PngEncoder.Encode(ct), PngEncoder.Encode(rgb), PngEncoder.Encode(noisy), PngEncoder.Encode(column), gray16Png.ToArray()]);

        AssertDecoded(results[0], "L", ct.Width, ct.Height, ct.Pixels);
        AssertDecoded(results[1], "RGB", rgb.Width, rgb.Height, rgb.Pixels);
        AssertDecoded(results[2], "RGB", 400, 300, noise);
        Assert.True(results[2].Chunks.Count(c => c == "IDAT") >= 6);
        AssertDecoded(results[3], "L", 1, 5, column.Pixels);
        byte[] gray16Bytes = new byte[gray16.Length * 2];
        for (int i = 0; i < gray16.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(gray16Bytes.AsSpan(i * 2), gray16[i]);
        }

        Assert.StartsWith("I", results[4].Mode, StringComparison.Ordinal);
        AssertDecoded(results[4], results[4].Mode, 37, 23, gray16Bytes);
    }

    [Fact]
    public void Filtering_makes_a_smooth_image_smaller_than_storing_rows_unfiltered()
    {
        byte[] gradient = [.. Enumerable.Range(0, 256 * 256).Select(i => (byte)((i % 256) + (i / 256)))];
        var image = new RenderedImage(256, 256, 1, gradient);

        byte[] png = PngEncoder.Encode(image, System.IO.Compression.CompressionLevel.Optimal);

        // Unfiltered, every row differs from the last; Sub/Up filtering turns the gradient into constants.
        Assert.True(png.Length < 2000, $"{png.Length} bytes");
    }

    [Fact]
    public void Resizes_like_Pillow_with_box_and_bilinear_filters()
    {
        var ct = FrameRenderer.Render(DisplayPipelineTests.DecodeFirstFrame(oracle.Case("CT_small.dcm")));
        var rgb = FrameRenderer.Render(DisplayPipelineTests.DecodeFirstFrame(oracle.Case("SC_rgb_rle.dcm")));
        (RenderedImage Source, int Width, int Height, ResizeFilter Filter, string PillowFilter)[] cases =
        [
            // Pillow's BOX weighs source pixels whose centre falls in the box, which is true area
            // averaging only for whole-number ratios; fractional ratios are checked below by the mean.
            (ct, 32, 32, ResizeFilter.AreaAverage, "BOX"),
            (ct, 64, 16, ResizeFilter.AreaAverage, "BOX"),
            (rgb, 50, 50, ResizeFilter.AreaAverage, "BOX"),
            (ct, 300, 200, ResizeFilter.Bilinear, "BILINEAR"),
            (rgb, 171, 171, ResizeFilter.Bilinear, "BILINEAR"),
        ];

        var expected = oracle.ResizeWithPillow(
            [.. cases.Select(c => (c.Source.Pixels, c.Source.Width, c.Source.Height, c.Source.Channels, c.Width, c.Height, c.PillowFilter))]);

        for (int i = 0; i < cases.Length; i++)
        {
            var resized = ImageResizer.Resize(cases[i].Source, cases[i].Width, cases[i].Height, cases[i].Filter);
            DisplayPipelineTests.AssertImagesWithin(
                (cases[i].Width, cases[i].Height, cases[i].Source.Channels, expected[i]), resized, tolerance: 1);
        }
    }

    [Theory]
    [InlineData(50, 37)]
    [InlineData(33, 101)]
    [InlineData(127, 3)]
    public void Area_averaging_keeps_the_mean_brightness_at_fractional_ratios(int width, int height)
    {
        var ct = FrameRenderer.Render(DisplayPipelineTests.DecodeFirstFrame(oracle.Case("CT_small.dcm")));

        var resized = ImageResizer.Resize(ct, width, height, ResizeFilter.AreaAverage);

        // Every source pixel contributes exactly its covered area, so the mean moves only by rounding.
        Assert.Equal(ct.Pixels.Average(v => v), resized.Pixels.Average(v => v), 0.5);
    }

    [Fact]
    public void Fits_thumbnails_inside_the_box_keeping_the_aspect_ratio()
    {
        var wide = new RenderedImage(512, 256, 1, new byte[512 * 256]);

        var thumbnail = ImageResizer.Fit(wide, 128, 128);
        var untouched = ImageResizer.Fit(wide, 1024, 1024);
        var enlarged = ImageResizer.Fit(wide, 1024, 1024, allowEnlarge: true);

        Assert.Equal((128, 64), (thumbnail.Width, thumbnail.Height));
        Assert.Same(wide, untouched);
        Assert.Equal((1024, 512), (enlarged.Width, enlarged.Height));
    }

    private static void AssertDecoded(
        (string[] Chunks, string Mode, int Width, int Height, byte[] Pixels) decoded, string mode, int width, int height, byte[] pixels)
    {
        Assert.Equal("IHDR", decoded.Chunks[0]);
        Assert.Equal("IEND", decoded.Chunks[^1]);
        Assert.Equal((mode, width, height), (decoded.Mode, decoded.Width, decoded.Height));
        Assert.True(pixels.AsSpan().SequenceEqual(decoded.Pixels), "decoded pixels differ");
    }
}

using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Display;
using Xunit;

namespace ClinicalImaging.Dicom.Tests.Imaging;

[Collection(ImagingOracleCollection.Name)]
public sealed class PaletteAndColorTests(ImagingOracleFixture oracle)
{
    public static TheoryData<string> Palettes => [.. ImagingOracleFixture.Palettes];

    [Theory]
    [MemberData(nameof(Palettes))]
    public void Maps_palette_color_pixels_like_pydicom(string name)
    {
        var palette = oracle.Palette(name);
        var lut = palette.Segmented
            ? PaletteColorLut.FromSegmented(
                palette.Descriptor("Red"), palette.Data("Red"), palette.Descriptor("Green"), palette.Data("Green"),
                palette.Descriptor("Blue"), palette.Data("Blue"))
            : PaletteColorLut.FromDescriptors(
                palette.Descriptor("Red"), palette.Data("Red"), palette.Descriptor("Green"), palette.Data("Green"),
                palette.Descriptor("Blue"), palette.Data("Blue"));
        var description = new PixelDataDescription(16, 16, 8, 8, 7, PixelRepresentation.Unsigned, photometricInterpretation: PhotometricInterpretation.PaletteColor);
        using var frame = DecodedFrame.Create(description);
        for (int i = 0; i < 256; i++)
        {
            frame.Bytes[i] = (byte)i;
        }

        var image = FrameRenderer.Render(frame, new RenderOptions { Palette = lut });

        Assert.Equal("uint8", palette.MappedDtype);
        Assert.Equal(palette.Mapped, image.Pixels);
    }

    [Fact]
    public void Converts_YBR_FULL_to_RGB_like_pydicom()
    {
        var random = new Random(20261122);
        byte[] ybr = new byte[3 * 20000];
        random.NextBytes(ybr);

        byte[] rgb = new byte[ybr.Length];
        ColorSpace.YbrFullToRgb(ybr, rgb);

        byte[] expected = oracle.ConvertYbrWithPydicom(ybr);
        int worst = expected.Zip(rgb, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1, $"worst difference {worst}");
    }

    [Fact]
    public void Rendering_a_palette_frame_without_its_palette_names_the_missing_table()
    {
        var description = new PixelDataDescription(1, 1, 8, 8, 7, PixelRepresentation.Unsigned, photometricInterpretation: PhotometricInterpretation.PaletteColor);
        using var frame = DecodedFrame.Create(description);
        var error = Assert.Throws<PixelDataException>(() => FrameRenderer.Render(frame));
        Assert.Contains("Palette Color Lookup Table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_lookup_table_descriptor_quirks()
    {
        // 0 entries means 65536.
        var full = LookupTable.FromDescriptor([0, 0, 16], new byte[65536 * 2]);
        Assert.Equal(65536, full.Entries.Length);

        // First mapped value -100 written as US 65436 for signed pixel data.
        var signed = LookupTable.FromDescriptor([2, 65436, 16], [1, 0, 2, 0], signedInput: true);
        Assert.Equal(-100, signed.FirstMappedValue);
        Assert.Equal(1, signed.Lookup(-500));
        Assert.Equal(2, signed.Lookup(-99));

        // 8-bit entries stored one per word in the high byte.
        var highByte = LookupTable.FromDescriptor([2, 0, 8], [0, 10, 0, 200]);
        Assert.Equal(new ushort[] { 10, 200 }, highByte.Entries.ToArray());

        // 8-bit entries packed two per big-endian word.
        var packed = LookupTable.FromDescriptor([2, 0, 8], [20, 10], bigEndian: true);
        Assert.Equal(new ushort[] { 10, 20 }, packed.Entries.ToArray());

        var shortData = Assert.Throws<PixelDataException>(() => LookupTable.FromDescriptor([4, 0, 16], new byte[6]));
        Assert.Contains("too few for 4 entries", shortData.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_corrupt_segmented_palettes()
    {
        int[] descriptor = [256, 0, 8];
        byte[] linearFirst = [1, 10, 255];
        var error = Assert.Throws<PixelDataException>(() =>
            PaletteColorLut.FromSegmented(descriptor, linearFirst, descriptor, linearFirst, descriptor, linearFirst));
        Assert.Contains("no previous value", error.Message, StringComparison.Ordinal);
        byte[] discreteTooLong = [0, 50, 1, 2];
        error = Assert.Throws<PixelDataException>(() =>
            PaletteColorLut.FromSegmented(descriptor, discreteTooLong, descriptor, discreteTooLong, descriptor, discreteTooLong));
        Assert.Contains("runs past the data", error.Message, StringComparison.Ordinal);
    }
}

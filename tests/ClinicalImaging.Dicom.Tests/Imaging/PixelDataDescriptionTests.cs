using ClinicalImaging.Dicom.Imaging;
using Xunit;

namespace ClinicalImaging.Dicom.Tests.Imaging;

public sealed class PixelDataDescriptionTests
{
    [Theory]
    [InlineData(0, 4, 16, 16, 15, 1, "Rows (0028,0010)")]
    [InlineData(4, 4, 12, 12, 11, 1, "Bits Allocated (0028,0100) 12")]
    [InlineData(4, 4, 16, 17, 16, 1, "Bits Stored (0028,0101) 17")]
    [InlineData(4, 4, 16, 12, 10, 1, "High Bit (0028,0102) 10")]
    [InlineData(4, 4, 16, 16, 15, 3, "Samples per Pixel (0028,0002) 3")]
    public void Names_the_attribute_that_is_wrong(int rows, int columns, int allocated, int stored, int highBit, int samples, string expected)
    {
        var error = Assert.Throws<PixelDataException>(() =>
            new PixelDataDescription(rows, columns, allocated, stored, highBit, PixelRepresentation.Unsigned, samples));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_frames_too_large_to_decode_into_memory()
    {
        // 65535 x 65535 1-bit pixels pack into 512 MiB but decode to one byte per pixel (4 GiB).
        var error = Assert.Throws<PixelDataException>(() =>
            new PixelDataDescription(65535, 65535, 1, 1, 0, PixelRepresentation.Unsigned));
        Assert.Contains("too large to hold in memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_undefined_Pixel_Representation()
    {
        var error = Assert.Throws<PixelDataException>(() =>
            new PixelDataDescription(4, 4, 16, 16, 15, (PixelRepresentation)2));
        Assert.Contains("Pixel Representation (0028,0103)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Computes_native_frame_lengths_for_each_layout()
    {
        Assert.Equal(512 * 512 * 2, new PixelDataDescription(512, 512, 16, 12, 11, PixelRepresentation.Signed).NativeFrameByteLength);
        var rgb = new PixelDataDescription(3, 3, 8, 8, 7, PixelRepresentation.Unsigned, 3, PhotometricInterpretation.Rgb);
        Assert.Equal(27, rgb.NativeFrameByteLength);
        var ybr422 = new PixelDataDescription(2, 4, 8, 8, 7, PixelRepresentation.Unsigned, 3, PhotometricInterpretation.YbrFull422);
        Assert.Equal(16, ybr422.NativeFrameByteLength);
        var bits = new PixelDataDescription(5, 5, 1, 1, 0, PixelRepresentation.Unsigned, numberOfFrames: 3);
        Assert.Equal(25, bits.NativeFrameBitLength);
        Assert.Equal(10, bits.NativePixelDataByteLength); // 75 bits, not 3 x 4 bytes
    }

    [Fact]
    public void Parses_photometric_codes_with_padding_and_rejects_unknown_ones()
    {
        Assert.Equal(PhotometricInterpretation.PaletteColor, PhotometricInterpretationCodes.Parse("PALETTE COLOR "));
        Assert.Equal("YBR_FULL_422", PhotometricInterpretation.YbrFull422.ToCode());
        var error = Assert.Throws<PixelDataException>(() => PhotometricInterpretationCodes.Parse("CMYK"));
        Assert.Contains("'CMYK'", error.Message, StringComparison.Ordinal);
    }
}

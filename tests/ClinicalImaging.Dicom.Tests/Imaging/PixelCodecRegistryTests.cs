using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Codecs;
using Xunit;

namespace ClinicalImaging.Dicom.Tests.Imaging;

public sealed class PixelCodecRegistryTests
{
    [Fact]
    public void Knows_native_and_RLE_syntaxes_by_default_and_ignores_UID_padding()
    {
        var registry = PixelCodecRegistry.CreateDefault();

        Assert.Same(NativePixelCodec.LittleEndian, registry.GetCodec("1.2.840.10008.1.2.1\0"));
        Assert.Same(NativePixelCodec.BigEndian, registry.GetCodec("1.2.840.10008.1.2.2"));
        Assert.Same(RlePixelCodec.Instance, registry.GetCodec("1.2.840.10008.1.2.5 "));
        Assert.False(registry.TryGetCodec("1.2.840.10008.1.2.4.50", out _));
    }

    [Fact]
    public void Names_the_transfer_syntax_that_has_no_codec()
    {
        var error = Assert.Throws<PixelDataException>(() => PixelCodecRegistry.CreateDefault().GetCodec("1.2.840.10008.1.2.4.100"));
        Assert.Contains("1.2.840.10008.1.2.4.100", error.Message, StringComparison.Ordinal);
    }
}

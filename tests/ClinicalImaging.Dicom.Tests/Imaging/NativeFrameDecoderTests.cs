using System.Buffers.Binary;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Codecs;
using Xunit;

namespace ClinicalImaging.Dicom.Tests.Imaging;

[Collection(ImagingOracleCollection.Name)]
public sealed class NativeFrameDecoderTests(ImagingOracleFixture oracle)
{
    public static TheoryData<string> NativeFiles => [.. ImagingOracleFixture.NativeFiles];

    [Theory]
    [MemberData(nameof(NativeFiles))]
    public void Decodes_every_frame_like_pydicom(string file)
    {
        var oracleCase = oracle.Case(file);
        var description = oracleCase.Description;
        var codec = PixelCodecRegistry.CreateDefault().GetCodec(oracleCase.TransferSyntaxUid);
        byte[] pixelData = oracleCase.PixelData;

        for (int frameIndex = 0; frameIndex < description.NumberOfFrames; frameIndex++)
        {
            using var frame = codec.Decode(pixelData, description, frameIndex);
            Assert.Equal(oracleCase.ExpectedDtype, DtypeName(frame.SampleType));
            Assert.Equal(oracleCase.ExpectedFrame(frameIndex), frame.Bytes.ToArray());
        }
    }

    [Fact]
    public void Expands_native_YBR_FULL_422_to_full_resolution_YBR_FULL()
    {
        var oracleCase = oracle.Case("SC_ybr_full_422_uncompressed.dcm");
        using var frame = NativeFrameDecoder.Decode(oracleCase.PixelData, oracleCase.Description, 0);
        Assert.Equal(PhotometricInterpretation.YbrFull, frame.PhotometricInterpretation);
        Assert.Equal(oracleCase.Description.PixelCount * 3, frame.SampleCount);
    }

    [Fact]
    public void Reads_1_bit_frames_that_start_inside_a_byte()
    {
        // Three 3x3 frames: 9 bits each, so frame 1 starts at bit 9 and frame 2 at bit 18 (PS3.5 D.2, LSB first).
        var description = new PixelDataDescription(3, 3, 1, 1, 0, PixelRepresentation.Unsigned, numberOfFrames: 3);
        Assert.Equal(9, description.NativeFrameBitLength);
        Assert.Equal(4, description.NativePixelDataByteLength);
        bool[] pixels = [.. Enumerable.Range(0, 27).Select(i => i % 4 == 1 || i % 7 == 0)];
        byte[] packed = new byte[4];
        for (int i = 0; i < pixels.Length; i++)
        {
            packed[i / 8] |= (byte)((pixels[i] ? 1 : 0) << (i % 8));
        }

        for (int frameIndex = 0; frameIndex < 3; frameIndex++)
        {
            using var frame = NativeFrameDecoder.Decode(packed, description, frameIndex);
            byte[] expected = [.. pixels.Skip(frameIndex * 9).Take(9).Select(p => (byte)(p ? 1 : 0))];
            Assert.Equal(expected, frame.Bytes.ToArray());
        }
    }

    [Fact]
    public void Masks_unused_high_bits_and_sign_extends_from_High_Bit()
    {
        // 12 bits stored in 16, signed; the encoder left junk in bits 12-15 (PS3.5 8.1.1 says ignore them).
        var description = new PixelDataDescription(1, 3, 16, 12, 11, PixelRepresentation.Signed);
        byte[] data = new byte[6];
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(0), 0xF800); // 12-bit 0x800 = -2048
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2), 0xA7FF); // 12-bit 0x7FF = 2047
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(4), 0x0FFF); // 12-bit 0xFFF = -1

        using var frame = NativeFrameDecoder.Decode(data, description, 0);

        Assert.Equal(new short[] { -2048, 2047, -1 }, frame.GetSamples<short>().ToArray());
    }

    [Fact]
    public void Shifts_values_down_when_High_Bit_is_above_Bits_Stored()
    {
        // Bits Stored 12 with High Bit 15: the value sits in bits 4-15.
        var description = new PixelDataDescription(1, 2, 16, 12, 15, PixelRepresentation.Unsigned);
        byte[] data = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(0), 0xABC5);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), 0x0010);

        using var frame = NativeFrameDecoder.Decode(data, description, 0);
        using var swapped = NativeFrameDecoder.Decode(data, description, 0, bigEndian: true);

        Assert.Equal(0xABC, frame.GetSamples<ushort>()[0]);
        Assert.Equal(0x001, swapped.GetSamples<ushort>()[1]);
    }

    [Fact]
    public void Rejects_pixel_data_too_short_for_the_requested_frame()
    {
        var description = new PixelDataDescription(4, 4, 16, 16, 15, PixelRepresentation.Unsigned, numberOfFrames: 2);
        var error = Assert.Throws<PixelDataException>(() => NativeFrameDecoder.Decode(new byte[40], description, 1));
        Assert.Contains("frame 2 of 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_frame_index_beyond_Number_of_Frames()
    {
        var description = new PixelDataDescription(2, 2, 8, 8, 7, PixelRepresentation.Unsigned, numberOfFrames: 2);
        var error = Assert.Throws<PixelDataException>(() => NativeFrameDecoder.Decode(new byte[8], description, 2));
        Assert.Contains("Number of Frames", error.Message, StringComparison.Ordinal);
    }

    internal static string DtypeName(PixelSampleType type) => type switch
    {
        PixelSampleType.UInt8 => "uint8",
        PixelSampleType.Int8 => "int8",
        PixelSampleType.UInt16 => "uint16",
        PixelSampleType.Int16 => "int16",
        PixelSampleType.UInt32 => "uint32",
        PixelSampleType.Int32 => "int32",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}

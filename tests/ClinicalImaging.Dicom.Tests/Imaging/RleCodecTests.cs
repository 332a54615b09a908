using System.Buffers.Binary;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Codecs;
using Xunit;

namespace ClinicalImaging.Dicom.Tests.Imaging;

[Collection(ImagingOracleCollection.Name)]
public sealed class RleCodecTests(ImagingOracleFixture oracle)
{
    public static TheoryData<string> RleFiles => [.. ImagingOracleFixture.RleFiles];

    public static TheoryData<string> NativeFiles => [.. ImagingOracleFixture.NativeFiles];

    [Theory]
    [MemberData(nameof(RleFiles))]
    public void Decodes_every_frame_like_pydicom(string file)
    {
        var oracleCase = oracle.Case(file);
        var codec = PixelCodecRegistry.CreateDefault().GetCodec(oracleCase.TransferSyntaxUid);
        Assert.Same(RlePixelCodec.Instance, codec);

        for (int frameIndex = 0; frameIndex < oracleCase.Description.NumberOfFrames; frameIndex++)
        {
            using var frame = codec.Decode(oracleCase.Frame(frameIndex), oracleCase.Description, frameIndex);
            Assert.Equal(oracleCase.ExpectedFrame(frameIndex), frame.Bytes.ToArray());
        }
    }

    [Fact]
    public void Encodes_frames_that_pydicom_decodes_to_the_same_pixels()
    {
        var originals = new List<byte[]>();
        var encoded = new List<RleFrameToDecode>();
        foreach (string file in ImagingOracleFixture.RleFiles)
        {
            var oracleCase = oracle.Case(file);
            using var frame = RleCodec.Decode(oracleCase.Frame(0), oracleCase.Description);
            byte[] rle = RleCodec.Encode(frame);
            Assert.Equal(0, rle.Length % 2);
            originals.Add(frame.Bytes.ToArray());
            encoded.Add(new RleFrameToDecode(rle, frame.Rows, frame.Columns, frame.SamplesPerPixel, frame.SampleType.ByteSize() * 8));
        }

        var decodedByPydicom = oracle.DecodeRleWithPydicom(encoded);

        for (int i = 0; i < originals.Count; i++)
        {
            Assert.True(originals[i].AsSpan().SequenceEqual(decodedByPydicom[i]), ImagingOracleFixture.RleFiles[i]);
        }
    }

    [Theory]
    [MemberData(nameof(NativeFiles))]
    public void Round_trips_native_frames_through_encode_and_decode(string file)
    {
        var oracleCase = oracle.Case(file);
        var description = oracleCase.Description;
        if (description.BitsAllocated == 1)
        {
            Assert.Throws<PixelDataException>(() => RleCodec.Decode(new byte[64], description));
            return;
        }

        using var original = NativeFrameDecoder.Decode(oracleCase.PixelData, description, 0, oracleCase.BigEndian);
        var decodedDescription = new PixelDataDescription(
            description.Rows, description.Columns, description.BitsAllocated, description.BitsStored, description.HighBit,
            description.PixelRepresentation, description.SamplesPerPixel, original.PhotometricInterpretation);

        using var roundTripped = RleCodec.Decode(RleCodec.Encode(original), decodedDescription);

        Assert.Equal(original.Bytes.ToArray(), roundTripped.Bytes.ToArray());
    }

    [Fact]
    public void Encodes_runs_and_literals_as_PackBits_within_each_row()
    {
        var description = new PixelDataDescription(2, 6, 8, 8, 7, PixelRepresentation.Unsigned);
        using var frame = DecodedFrame.Create(description);
        byte[] pixels = [7, 7, 7, 1, 2, 3, 9, 9, 9, 9, 9, 9];
        pixels.CopyTo(frame.Bytes);

        byte[] encoded = RleCodec.Encode(frame);

        // Row 1: run of three 7s, literal 1 2 3; row 2: run of six 9s (rows never share a run).
        byte[] segment = [unchecked((byte)-2), 7, 2, 1, 2, 3, unchecked((byte)-5), 9];
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(encoded));
        Assert.Equal(64u, BinaryPrimitives.ReadUInt32LittleEndian(encoded.AsSpan(4)));
        Assert.Equal(segment, encoded[64..]);
    }

    [Theory]
    [InlineData(10, "shorter than its 64-byte header")]
    [InlineData(-1, "declares 2 segments")]
    [InlineData(-2, "outside the")]
    [InlineData(-3, "truncated or corrupt")]
    [InlineData(-4, "past its end")]
    public void Rejects_corrupt_frames_without_reading_past_the_buffer(int corruption, string expected)
    {
        var description = new PixelDataDescription(4, 4, 8, 8, 7, PixelRepresentation.Unsigned);
        using var frame = DecodedFrame.Create(description);
        for (int i = 0; i < 16; i++)
        {
            frame.Bytes[i] = (byte)(i * 3);
        }

        byte[] encoded = RleCodec.Encode(frame);
        byte[] corrupt = corruption switch
        {
            > 0 => encoded[..corruption],
            -1 => WithUInt32(encoded, 0, 2),
            -2 => WithUInt32(encoded, 4, 1_000_000),
            -3 => [.. encoded[..64], unchecked((byte)-1), 5], // a run of 2 where 16 bytes are due
            _ => [.. encoded[..64], 100, 1, 2], // a literal of 101 bytes with 2 present
        };

        var error = Assert.Throws<PixelDataException>(() => RleCodec.Decode(corrupt, description));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static byte[] WithUInt32(byte[] source, int offset, uint value)
    {
        byte[] copy = [.. source];
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }
}

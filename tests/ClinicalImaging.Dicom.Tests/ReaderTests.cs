using System.Buffers.Binary;
using ClinicalImaging.Dicom.IO;
using ClinicalImaging.Dicom.Json;
using ClinicalImaging.Dicom.Tests.Support;

namespace ClinicalImaging.Dicom.Tests;

public class ReaderTests
{
    private static readonly string CtSmall = Corpus.PathOf("test_files/CT_small.dcm");

    [Fact]
    public void Header_only_reading_stops_before_pixel_data_and_keeps_the_header()
    {
        using var full = DicomFile.Open(CtSmall);
        using var header = DicomFile.Open(CtSmall, DicomReadOptions.HeaderOnly);

        Assert.True(full.Dataset.Contains(DicomTags.PixelData));
        Assert.False(header.Dataset.Contains(DicomTags.PixelData));
        var expected = new DicomDataset(full.Dataset.Where(e => e.Tag < DicomTags.PixelData));
        Assert.Equal(DicomJsonSerializer.Serialize(expected), DicomJsonSerializer.Serialize(header.Dataset));
    }

    [Theory]
    [InlineData("test_files/CT_small.dcm")]
    [InlineData("test_files/MR_small_bigendian.dcm")]
    [InlineData("test_files/SC_rgb_rle_2frame.dcm")]
    public void Lazy_values_stay_in_the_file_and_read_the_same_bytes_on_demand(string file)
    {
        using var full = DicomFile.Open(Corpus.PathOf(file));
        using var lazy = DicomFile.Open(Corpus.PathOf(file), DicomReadOptions.Lazy with { LazyValueThreshold = 128 });

        var lazyPixels = lazy.Dataset.Find(DicomTags.PixelData);
        var isLazy = lazyPixels switch
        {
            DicomValueElement value => !value.Buffer.IsInMemory,
            DicomFragmentSequence fragments => fragments.PixelData.Fragments.Any(f => !f.Buffer.IsInMemory && f.SourceOffset > 0),
            _ => false,
        };
        Assert.True(isLazy);
        Assert.Equal(DicomJsonSerializer.Serialize(full.Dataset), DicomJsonSerializer.Serialize(lazy.Dataset));
    }

    [Theory]
    [InlineData("test_files/CT_small.dcm")]
    [InlineData("test_files/image_dfl.dcm")]
    [InlineData("test_files/ExplVR_BigEndNoMeta.dcm")]
    [InlineData("test_files/JPEG2000.dcm")]
    public void Non_seekable_streams_read_the_same_as_files(string file)
    {
        using var seekable = DicomFile.Open(Corpus.PathOf(file));
        using var forwardOnly = DicomFile.Open(new NonSeekableStream(File.OpenRead(Corpus.PathOf(file))), DicomReadOptions.Lazy);

        Assert.Equal(DicomJsonSerializer.Serialize(seekable.Dataset), DicomJsonSerializer.Serialize(forwardOnly.Dataset));
    }

    [Fact]
    public void Truncation_is_reported_with_the_offset_and_tag()
    {
        var bytes = File.ReadAllBytes(CtSmall);
        using var full = DicomFile.Open(CtSmall);
        var exception = Assert.Throws<DicomParseException>(() => DicomFile.Open(new MemoryStream(bytes[..(bytes.Length - 100)])));

        Assert.Equal(full.Dataset.Last().Tag, exception.Tag);
        Assert.True(exception.Offset > 132);
        Assert.Contains("past the end", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forged_length_on_a_forward_only_stream_fails_without_allocating_it()
    {
        // Implicit VR: (0009,1000) with length 0xFFFFFFF0 and only a few bytes behind it.
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, 0x0009);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 0x1000);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 0xFFFFFFF0);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var exception = Assert.Throws<DicomParseException>(() =>
            DicomReader.ReadDataset(new NonSeekableStream(new MemoryStream(bytes)), DicomTransferSyntax.ImplicitVRLittleEndian));

        Assert.Equal(new DicomTag(0x0009, 0x1000), exception.Tag);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20);
    }

    [Fact]
    public void Absurdly_deep_nesting_is_rejected()
    {
        // 200 nested undefined-length sequences in implicit VR: (0040,A730) SQ, item, ...
        using var stream = new MemoryStream();
        Span<byte> header = stackalloc byte[8];
        for (var i = 0; i < 200; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA7300040);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 0xFFFFFFFF);
            stream.Write(header);
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0xE000FFFE);
            stream.Write(header);
        }

        stream.Position = 0;
        var exception = Assert.Throws<DicomParseException>(() => DicomReader.ReadDataset(stream, DicomTransferSyntax.ImplicitVRLittleEndian));
        Assert.Contains("nest", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "US", 65535.0)]
    [InlineData(1, "SS", -1.0)]
    public void Implicit_VR_US_or_SS_follows_pixel_representation(ushort pixelRepresentation, string expectedVR, double expected)
    {
        var dataset = new DicomDataset()
            .Set(DicomTags.PixelRepresentation, pixelRepresentation)
            .Set(DicomTags.SmallestImagePixelValue, DicomVR.US, (ushort)0xFFFF);
        using var stream = new MemoryStream();
        DicomWriter.WriteDataset(stream, dataset, DicomTransferSyntax.ImplicitVRLittleEndian);
        stream.Position = 0;

        var read = DicomReader.ReadDataset(stream, DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal(expectedVR, read.Find(DicomTags.SmallestImagePixelValue)!.VR.Code);
        Assert.Equal(expected, read.GetDouble(DicomTags.SmallestImagePixelValue));
    }

    [Fact]
    public void Explicit_VR_files_with_implicit_looking_elements_are_read_per_element()
    {
        // Explicit VR little endian, but the second element is written the implicit way.
        using var stream = new MemoryStream();
        stream.Write([0x08, 0x00, 0x60, 0x00, (byte)'C', (byte)'S', 2, 0, (byte)'M', (byte)'R']); // (0008,0060) CS "MR"
        stream.Write([0x10, 0x00, 0x20, 0x00, 4, 0, 0, 0, (byte)'1', (byte)'2', (byte)'3', (byte)'4']); // (0010,0020) implicit
        stream.Position = 0;

        var read = DicomReader.ReadDataset(stream, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal("MR", read.GetString(DicomTags.Modality));
        Assert.Equal("1234", read.GetString(DicomTags.PatientID));
        Assert.Equal(DicomVR.LO, read.Find(DicomTags.PatientID)!.VR);
    }
}

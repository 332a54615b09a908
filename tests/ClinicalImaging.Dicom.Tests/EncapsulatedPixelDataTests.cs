namespace ClinicalImaging.Dicom.Tests;

public class EncapsulatedPixelDataTests
{
    // Frame 0 is two fragments, frame 1 is one: offsets count each item's 8-byte header.
    private static readonly byte[][] Parts = [[0xFF, 0xD8, 0xFF, 0xE0], [1, 2, 0xFF, 0xD9], [0xFF, 0xD8, 0xFF, 0xD9]];

    [Fact]
    public void Extended_offset_table_groups_fragments_into_frames()
    {
        var pixelData = new EncapsulatedPixelData([], Fragments());

        var frames = pixelData.MapFrames(2, extendedOffsetTable: [0UL, 24UL]);

        Assert.Equal(Parts[0].Concat(Parts[1]), EncapsulatedPixelData.ReadFrame(frames[0]));
        Assert.Equal(Parts[2], EncapsulatedPixelData.ReadFrame(frames[1]));
    }

    [Fact]
    public void Basic_offset_table_groups_fragments_into_frames()
    {
        var frames = new EncapsulatedPixelData([0u, 24u], Fragments()).MapFrames(2);

        Assert.Equal(2, frames[0].Count);
        Assert.Single(frames[1]);
    }

    [Fact]
    public void Without_offset_tables_codestream_markers_start_frames()
    {
        var frames = new EncapsulatedPixelData([], Fragments()).MapFrames(2);

        Assert.Equal(2, frames[0].Count);
        Assert.Equal(Parts[2], EncapsulatedPixelData.ReadFrame(frames[1]));
    }

    [Fact]
    public void Offsets_that_miss_fragment_boundaries_are_refused()
    {
        var pixelData = new EncapsulatedPixelData([0u, 10u], Fragments());

        Assert.Throws<DicomValueException>(() => pixelData.MapFrames(2));
        Assert.Throws<DicomValueException>(() => pixelData.MapFrames(3, [0UL, 12UL, 30UL]));
    }

    private static List<DicomFragment> Fragments()
    {
        var fragments = new List<DicomFragment>();
        long offset = 0;
        foreach (var part in Parts)
        {
            fragments.Add(new DicomFragment(offset, -1, DicomBuffer.FromBytes(part)));
            offset += 8 + part.Length;
        }

        return fragments;
    }
}

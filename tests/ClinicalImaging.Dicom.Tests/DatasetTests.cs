using System.Text.Json.Nodes;
using ClinicalImaging.Dicom.Tests.Support;

namespace ClinicalImaging.Dicom.Tests;

public class DatasetTests
{
    private static readonly string CtSmall = Corpus.PathOf("test_files/CT_small.dcm");

    [Fact]
    public void Typed_getters_return_what_pydicom_reads()
    {
        using var file = DicomFile.Open(CtSmall);
        var ds = file.Dataset;
        var pydicom = Corpus.PydicomRecord("test_files/CT_small.dcm")["json"]!;
        JsonNode Value(DicomTag tag, int index = 0) => pydicom[tag.ToHexString()]!["Value"]![index]!;

        Assert.Equal((int)Value(DicomTags.Rows), ds.GetInt32(DicomTags.Rows));
        Assert.Equal((double)Value(DicomTags.PixelSpacing, 1), ds.GetDouble(DicomTags.PixelSpacing, 1));
        Assert.Equal(pydicom["00280030"]!["Value"]!.AsArray().Select(v => (double)v!), ds.GetDoubles(DicomTags.PixelSpacing));
        Assert.Equal((string?)Value(DicomTags.PatientName)["Alphabetic"], ds.GetPersonName(DicomTags.PatientName)!.Alphabetic);
        Assert.Equal((string?)Value(DicomTags.SOPInstanceUID), ds.GetUid(DicomTags.SOPInstanceUID));
        Assert.Equal(pydicom["00080008"]!["Value"]!.AsArray().Select(v => ((string?)v)!.Trim()), ds.GetStrings(DicomTags.ImageType));
        Assert.Equal((string?)Value(DicomTags.StudyDate), ds.GetDate(DicomTags.StudyDate)!.Value.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((int)Value(DicomTags.InstanceNumber), ds.GetInt32(DicomTags.InstanceNumber));
    }

    [Fact]
    public void Private_tags_are_found_through_their_creator()
    {
        var ds = new DicomDataset();
        var first = ds.ReservePrivateTag(0x0029, "ACME 1.0", 0x10);
        var second = ds.ReservePrivateTag(0x0029, "OTHER", 0x10);
        ds.Set(first, DicomVR.LO, "acme value");

        Assert.Equal(new DicomTag(0x0029, 0x1010), first);
        Assert.Equal(new DicomTag(0x0029, 0x1110), second);
        Assert.Equal(first, ds.FindPrivateTag(0x0029, "ACME 1.0", 0x10));
        Assert.Equal("ACME 1.0", ds.GetPrivateCreator(first));
        Assert.Null(ds.FindPrivateTag(0x0029, "MISSING", 0x10));
    }

    [Fact]
    public void Private_creators_in_a_real_file_resolve_their_elements()
    {
        using var file = DicomFile.Open(CtSmall);
        var creators = file.Dataset.Where(e => e.Tag.IsPrivateCreator).ToList();
        Assert.NotEmpty(creators);
        foreach (var creator in creators)
        {
            var name = file.Dataset.GetString(creator.Tag)!;
            var member = file.Dataset.FirstOrDefault(e => e.Tag.PrivateCreatorTag == creator.Tag);
            if (member is not null)
            {
                Assert.Equal(member.Tag, file.Dataset.FindPrivateTag(member.Tag.Group, name, (byte)member.Tag.Element));
            }
        }
    }

    [Fact]
    public void Elements_stay_in_tag_order_whatever_the_insertion_order()
    {
        var ds = new DicomDataset()
            .Set(DicomTags.PatientID, "2")
            .Set(DicomTags.Modality, "CT")
            .Set(DicomTags.PatientName, "A^B")
            .Set(DicomTags.Modality, "MR");

        Assert.Equal([DicomTags.Modality, DicomTags.PatientName, DicomTags.PatientID], ds.Select(e => e.Tag));
        Assert.Equal("MR", ds.GetString(DicomTags.Modality));
    }

    [Fact]
    public void Person_names_split_into_groups_and_components()
    {
        var name = DicomPersonName.Parse("Yamada^Tarou^^Dr.=山田^太郎=やまだ^たろう");

        Assert.Equal("Yamada", name.FamilyName);
        Assert.Equal("Dr.", name.AlphabeticComponents.Prefix);
        Assert.Equal("太郎", name.IdeographicComponents.GivenName);
        Assert.Equal("やまだ", name.PhoneticComponents.FamilyName);
        Assert.Equal("Yamada^Tarou^^Dr.=山田^太郎=やまだ^たろう", name.ToString());
    }

    [Theory]
    [InlineData("070907.0705", 7, 9, 7, 705)]
    [InlineData("1010", 10, 10, 0, 0)]
    [InlineData("23", 23, 0, 0, 0)]
    public void Times_accept_truncated_components(string text, int hour, int minute, int second, int tenthMillis)
    {
        var ds = new DicomDataset().Set(DicomTags.StudyTime, text);
        Assert.Equal(new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(tenthMillis * 1000L)), ds.GetTime(DicomTags.StudyTime));
    }

    [Fact]
    public void Date_times_keep_their_offset()
    {
        var ds = new DicomDataset().Set(DicomTags.AcquisitionDateTime, "20240229153000.5-0500");
        var value = ds.GetDateTime(DicomTags.AcquisitionDateTime, out var hasOffset)!.Value;

        Assert.True(hasOffset);
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 15, 30, 0, 500, TimeSpan.FromHours(-5)), value);
    }

    [Fact]
    public void Unparsable_values_raise_DicomValueException()
    {
        var ds = new DicomDataset().Set(DicomTags.InstanceNumber, "abc").Set(DicomTags.StudyDate, "2024-13-45");

        Assert.Throws<DicomValueException>(() => ds.GetInt32(DicomTags.InstanceNumber));
        Assert.Throws<DicomValueException>(() => ds.GetDate(DicomTags.StudyDate));
        Assert.Throws<DicomValueException>(() => ds.GetInt32(DicomTags.Rows));
        Assert.False(ds.TryGetInt32(DicomTags.InstanceNumber, out _));
    }
}

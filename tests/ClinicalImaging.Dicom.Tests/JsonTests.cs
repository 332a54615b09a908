using System.Text.Json.Nodes;
using ClinicalImaging.Dicom.Json;
using ClinicalImaging.Dicom.Tests.Support;

namespace ClinicalImaging.Dicom.Tests;

public class JsonTests
{
    public static TheoryData<string> Files => new()
    {
        "test_files/CT_small.dcm",
        "test_files/rtplan.dcm",
        "test_files/JPEG2000.dcm",
        "test_files/nested_priv_SQ.dcm",
        "test_files/reportsi.dcm",
        "charset_files/chrH31.dcm",
        "charset_files/chrSQEncoding.dcm",
        "test_files/waveform_ecg.dcm",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Json_read_back_writes_the_same_json(string file)
    {
        using var dicom = DicomFile.Open(Corpus.PathOf(file));
        var json = DicomJsonSerializer.Serialize(dicom.Dataset);

        var again = DicomJsonSerializer.Serialize(DicomJsonSerializer.Deserialize(json));

        Assert.Equal(json, again);
    }

    [Theory]
    [InlineData("test1.json")]
    [InlineData("test_PN.json")]
    public void Pydicoms_json_test_files_read_and_write_back_equal(string file)
    {
        var text = File.ReadAllText(Corpus.PathOf($"test_files/{file}"));
        var dataset = DicomJsonSerializer.Deserialize(text, new DicomJsonOptions { ResolveBulkData = (_, _, _) => new byte[] { 1, 2 } });

        var ours = JsonNode.Parse(DicomJsonSerializer.Serialize(dataset))!.AsObject();
        var original = JsonNode.Parse(text)!.AsObject();
        // Bulk data we resolved to stand-in bytes, and binary numbers with a null entry (US has no empty value, so the
        // null is dropped), are not expected to come back verbatim.
        var skipped = original.Where(p => p.Value!["BulkDataURI"] is not null
                || (p.Value!["vr"]!.GetValue<string>() is "US" or "SS" or "UL" or "SL" or "FL" or "FD" && p.Value!["Value"]!.AsArray().Any(v => v is null)))
            .Select(p => p.Key).ToHashSet();
        var differences = JsonComparer.Differences(ours, original, skipped, theirsIsBigEndian: false);
        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }

    [Fact]
    public void Bulk_data_callback_chooses_inline_uri_or_omit_per_element()
    {
        using var dicom = DicomFile.Open(Corpus.PathOf("test_files/CT_small.dcm"));
        var options = new DicomJsonOptions
        {
            BulkData = (element, _) => element.Tag == DicomTags.PixelData
                ? DicomBulkDataDecision.Uri("https://pacs.example/bulk/pixel")
                : element.Tag.IsPrivate ? DicomBulkDataDecision.Omit : DicomBulkDataDecision.Inline,
        };

        var json = JsonNode.Parse(DicomJsonSerializer.Serialize(dicom.Dataset, options))!.AsObject();

        Assert.Equal("https://pacs.example/bulk/pixel", (string?)json["7FE00010"]!["BulkDataURI"]);
        Assert.Null(json["7FE00010"]!["InlineBinary"]);
        var binaryPrivate = dicom.Dataset.Where(e => e.Tag.IsPrivate && e.VR.Kind == DicomVRKind.Bytes).Select(e => e.Tag.ToHexString()).ToList();
        Assert.NotEmpty(binaryPrivate);
        Assert.All(binaryPrivate, tag => Assert.False(json.ContainsKey(tag)));
        Assert.True(json.ContainsKey("00100010"));
    }

    [Fact]
    public void Excluded_tags_are_left_out_at_every_depth()
    {
        using var dicom = DicomFile.Open(Corpus.PathOf("test_files/rtplan.dcm"));
        var nested = dicom.Dataset.OfType<DicomSequence>().First(s => s.Items.Count > 0);
        var excluded = nested.Items[0].First().Tag;
        var text = DicomJsonSerializer.Serialize(dicom.Dataset);
        Assert.Contains($"\"{excluded.ToHexString()}\"", text, StringComparison.Ordinal);

        var json = DicomJsonSerializer.Serialize(dicom.Dataset, new DicomJsonOptions { Exclude = tag => tag == excluded || tag == DicomTags.PatientName });

        Assert.DoesNotContain($"\"{excluded.ToHexString()}\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"00100010\"", json, StringComparison.Ordinal);
        Assert.Equal(
            JsonNode.Parse(text)!.AsObject().Count - (dicom.Dataset.Contains(excluded) ? 2 : 1),
            JsonNode.Parse(json)!.AsObject().Count);
    }

    [Fact]
    public void Numbers_names_and_tags_use_their_json_forms()
    {
        var dataset = new DicomDataset()
            .Set(DicomTags.SpecificCharacterSet, "ISO_IR 192")
            .Set(DicomTags.PatientName, "Yamada^Tarou=山田^太郎")
            .Set(DicomTags.SliceThickness, "2.50")
            .Set(DicomTags.InstanceNumber, "7")
            .Set(DicomTags.Rows, (ushort)512)
            .Set(DicomTags.FrameIncrementPointer, DicomTags.FrameTime);
        var json = JsonNode.Parse(DicomJsonSerializer.Serialize(dataset))!.AsObject();

        Assert.Equal("Yamada^Tarou", (string?)json["00100010"]!["Value"]![0]!["Alphabetic"]);
        Assert.Equal(2.5, (double)json["00180050"]!["Value"]![0]!);
        Assert.Equal(7, (int)json["00200013"]!["Value"]![0]!);
        Assert.Equal(512, (int)json["00280010"]!["Value"]![0]!);
        Assert.Equal("00181063", (string?)json["00280009"]!["Value"]![0]);
    }

    [Fact]
    public void Malformed_json_raises_DicomParseException()
    {
        Assert.Throws<DicomParseException>(() => DicomJsonSerializer.Deserialize("{\"00100010\": {\"Value\": [1]}}"));
        Assert.Throws<DicomParseException>(() => DicomJsonSerializer.Deserialize("{\"nottag\": {\"vr\": \"LO\"}}"));
        Assert.Throws<DicomParseException>(() => DicomJsonSerializer.Deserialize("{\"00100010\": "));
        Assert.Throws<DicomParseException>(() => DicomJsonSerializer.Deserialize("{\"00100010\": {\"vr\": 5}}"));
        Assert.Throws<DicomParseException>(() => DicomJsonSerializer.Deserialize("{\"00280009\": {\"vr\": \"AT\", \"Value\": [\"xyz\"]}}"));
        Assert.Throws<DicomParseException>(() => DicomJsonSerializer.Deserialize("[]"));
    }
}

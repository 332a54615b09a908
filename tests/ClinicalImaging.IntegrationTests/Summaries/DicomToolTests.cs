using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Dicom;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Ingest;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Summaries;

public sealed class DicomToolTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Files pydicom reads leniently that our reader refuses, on purpose, with this reason.</summary>
    private static readonly Dictionary<string, string> RefusedAsMalformed = new(StringComparer.Ordinal)
    {
        ["rtplan_truncated.dcm"] = "runs past the end of the stream",
    };

    [Fact]
    public async Task Summary_states_the_facts_pydicom_reads_for_every_modality_of_the_test_files()
    {
        using var client = api.CreateClientFor(Roles.Radiologist);
        var facts = SummaryFacts.ForTestFiles();
        Assert.Contains(facts, f => f.Modality == "CT");
        Assert.Contains(facts, f => f.Modality == "MR");
        Assert.True(facts.Select(f => f.Modality).Distinct().Count() >= 5, "the corpus covers several modalities");

        foreach (var fact in facts)
        {
            var response = await client.PostAsync("/api/v1/dicom/summarize", DicomBody(await File.ReadAllBytesAsync(fact.Path)));
            if (RefusedAsMalformed.TryGetValue(Path.GetFileName(fact.Path), out var reason))
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                continue;
            }

            Assert.True(response.IsSuccessStatusCode, $"{fact.Path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var summary = (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("text").GetString()!;
            var because = $"{Path.GetFileName(fact.Path)}: {summary}";

            Assert.True(summary.StartsWith($"{fact.Modality} (", StringComparison.Ordinal), because);
            if (fact is { Rows: > 0, Columns: > 0 })
            {
                Assert.True(summary.Contains($"{fact.Columns} × {fact.Rows} pixels", StringComparison.Ordinal), because);
                Assert.True(summary.Contains($"{fact.Frames} frame", StringComparison.Ordinal), because);
            }

            AssertStates(summary, fact.BodyPart?.Replace('_', ' ').ToLowerInvariant(), because);
            AssertStates(summary, fact.StudyDate is { Length: 8 } d ? $"on {d[..4]}-{d[4..6]}-{d[6..]}" : null, because);
            if (fact is { Rows: > 0 })
            {
                AssertStates(summary, fact.Kvp is { } kvp ? $"{Number(kvp)} kVp" : null, because);
                AssertStates(summary, fact.RepetitionTime is { } tr ? $"TR {Number(tr)} ms" : null, because);
                AssertStates(summary, fact.EchoTime is { } te ? $"TE {Number(te)} ms" : null, because);
                AssertStates(summary, fact.SliceThickness is { } st ? $"slice thickness {Number(st)} mm" : null, because);
                AssertStates(summary, fact.ContrastAgent is { } agent && !agent.Equals("NONE", StringComparison.OrdinalIgnoreCase) ? $"Contrast: {agent}" : null, because);
            }

            AssertStates(summary, fact.Sex switch { "F" => "female", "M" => "male", _ => null }, because);
            Assert.True(fact.PatientName is null || !summary.Contains(fact.PatientName, StringComparison.OrdinalIgnoreCase), $"{because} names the patient");
        }
    }

    [Fact]
    public async Task Analysis_describes_geometry_acquisition_and_cardiac_gating_and_holds_no_identifier()
    {
        using var client = api.CreateClientFor(Roles.AiService);
        var gated = IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.HeartRate, "72");
            ds.Set(DicomTags.TriggerTime, "412.5");
            ds.Set(DicomTags.NominalInterval, "833");
            ds.Set(DicomTags.CardiacNumberOfImages, "20");
            ds.Set(DicomTags.ContrastBolusAgent, "Iohexol");
            ds.Set(DicomTags.ContrastBolusRoute, "IV");
            ds.Set(DicomTags.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
        });

        var analysis = await ReadJson(await client.PostAsync("/api/v1/dicom/analyze", DicomBody(gated)));
        var summary = await ReadJson(await client.PostAsync("/api/v1/dicom/summarize", FormBody(("ct.dcm", gated))));

        using var original = DicomFile.Open(IngestFiles.CtSmall);
        var ds = original.Dataset;
        Assert.Equal("CT", analysis.GetProperty("object").GetProperty("modality").GetString());
        Assert.Equal("CT Image Storage", analysis.GetProperty("object").GetProperty("sopClassName").GetString());
        Assert.Equal(ds.GetInt32(DicomTags.Rows), analysis.GetProperty("image").GetProperty("rows").GetInt32());
        Assert.Equal(ds.GetDouble(DicomTags.PixelSpacing) * ds.GetInt32(DicomTags.Rows), analysis.GetProperty("image").GetProperty("fieldOfViewRowMm").GetDouble(), 6);
        Assert.Equal("axial", analysis.GetProperty("image").GetProperty("plane").GetString());
        var cardiac = analysis.GetProperty("cardiac");
        Assert.True(cardiac.GetProperty("gated").GetBoolean());
        Assert.Equal(72, cardiac.GetProperty("heartRateBpm").GetInt32());
        Assert.Equal(412.5, cardiac.GetProperty("triggerTimeMs").GetDouble());
        Assert.Equal(833, cardiac.GetProperty("nominalIntervalMs").GetDouble());
        Assert.Equal(20, cardiac.GetProperty("cardiacNumberOfImages").GetInt32());
        Assert.True(analysis.GetProperty("contrast").GetProperty("used").GetBoolean());

        var text = summary.GetProperty("text").GetString()!;
        Assert.Equal("local", summary.GetProperty("writer").GetString());
        Assert.Contains("axial plane", text, StringComparison.Ordinal);
        Assert.Contains("Contrast: Iohexol (route iv)", text, StringComparison.Ordinal);
        Assert.Contains("heart rate 72 bpm", text, StringComparison.Ordinal);
        Assert.Contains("trigger time 412.5 ms", text, StringComparison.Ordinal);
        Assert.Contains("nominal R-R interval 833 ms", text, StringComparison.Ordinal);
        Assert.Contains("20 images per cardiac cycle", text, StringComparison.Ordinal);

        var json = analysis.GetRawText();
        foreach (var identifier in new[] { ds.GetString(DicomTags.PatientName)!, ds.GetString(DicomTags.PatientID)!, ds.GetString(DicomTags.StudyInstanceUID)! })
        {
            Assert.DoesNotContain(identifier, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Enhanced_objects_are_described_from_their_functional_groups()
    {
        using var client = api.CreateClientFor(Roles.Radiologist);
        var enhanced = IngestFiles.CtSmallWith(ds =>
        {
            ds.Remove(DicomTags.SliceThickness);
            ds.Remove(DicomTags.PixelSpacing);
            ds.Remove(DicomTags.ImageOrientationPatient);
            var measures = new DicomDataset().Set(DicomTags.PixelSpacing, "0.5", "0.5").Set(DicomTags.SliceThickness, "1.25");
            var orientation = new DicomDataset().Set(DicomTags.ImageOrientationPatient, "0", "1", "0", "0", "0", "-1");
            var cardiac = new DicomDataset().Set(DicomTags.NominalCardiacTriggerDelayTime, 250.0);
            ds.Set(DicomTags.SharedFunctionalGroupsSequence, [new DicomDataset()
                .Set(DicomTags.PixelMeasuresSequence, [measures])
                .Set(DicomTags.PlaneOrientationSequence, [orientation])]);
            ds.Set(DicomTags.PerFrameFunctionalGroupsSequence, [new DicomDataset().Set(DicomTags.CardiacSynchronizationSequence, [cardiac])]);
        });

        var analysis = await ReadJson(await client.PostAsync("/api/v1/dicom/analyze", DicomBody(enhanced)));

        Assert.Equal(0.5, analysis.GetProperty("image").GetProperty("pixelSpacingRowMm").GetDouble());
        Assert.Equal(1.25, analysis.GetProperty("image").GetProperty("sliceThicknessMm").GetDouble());
        Assert.Equal("sagittal", analysis.GetProperty("image").GetProperty("plane").GetString());
        Assert.Equal(250, analysis.GetProperty("cardiac").GetProperty("triggerTimeMs").GetDouble());
    }

    [Fact]
    public async Task Comparison_names_the_relation_and_each_differing_attribute_with_both_values()
    {
        using var client = api.CreateClientFor(Roles.ReferringClinician);
        var prior = IngestFiles.CtSmallWith(ds => ds.Set(DicomTags.StudyDate, "20040119").Set(DicomTags.AcquisitionDate, "20040119"));
        var current = IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.StudyDate, "20040122").Set(DicomTags.AcquisitionDate, "20040122");
            ds.Set(DicomTags.SeriesInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.SOPInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.SliceThickness, "1.25");
            ds.Set(DicomTags.SeriesNumber, "7");
        });
        using var original = DicomFile.Open(IngestFiles.CtSmall);

        var comparison = await ReadJson(await client.PostAsync("/api/v1/dicom/compare", FormBody(("prior.dcm", prior), ("current.dcm", current))));

        var relation = comparison.GetProperty("relation");
        Assert.True(relation.GetProperty("samePatient").GetBoolean());
        Assert.True(relation.GetProperty("sameStudy").GetBoolean());
        Assert.False(relation.GetProperty("sameSeries").GetBoolean());
        Assert.Equal(3, comparison.GetProperty("daysBetween").GetDouble());
        var differences = comparison.GetProperty("differences").EnumerateArray()
            .ToDictionary(d => d.GetProperty("attribute").GetString()!, d => (d.GetProperty("first").GetString(), d.GetProperty("second").GetString()));
        Assert.Equal((Number(original.Dataset.GetDouble(DicomTags.SliceThickness)), "1.25"), differences["Image.SliceThicknessMm"]);
        Assert.Equal((original.Dataset.GetString(DicomTags.SeriesNumber), "7"), differences["Examination.SeriesNumber"]);
        Assert.Equal(("2004-01-19", "2004-01-22"), differences["Examination.StudyDate"]);
        Assert.DoesNotContain("Object.Modality", differences.Keys);
        var summary = comparison.GetProperty("summary").GetString()!;
        Assert.Contains("same study, in different series", summary, StringComparison.Ordinal);
        Assert.Contains("3 days after the first", summary, StringComparison.Ordinal);
        Assert.Contains($"slice thickness (mm) {Number(original.Dataset.GetDouble(DicomTags.SliceThickness))} versus 1.25", summary, StringComparison.Ordinal);

        // Nothing was stored, but who looked at which objects is on record.
        var audit = await api.CreateClientFor(Roles.Auditor).GetFromJsonAsync<JsonElement>("/api/v1/audit?action=file.compare&actorId=user-referring-clinician");
        var ids = Assert.Single(audit.GetProperty("events").EnumerateArray()).GetProperty("resourceIds").EnumerateArray().Select(i => i.GetString()).ToList();
        Assert.Contains(original.Dataset.GetString(DicomTags.SOPInstanceUID), ids);
    }

    [Fact]
    public async Task Different_patients_and_modalities_are_said_to_differ()
    {
        using var client = api.CreateClientFor(Roles.Radiologist);

        var comparison = await ReadJson(await client.PostAsync("/api/v1/dicom/compare",
            FormBody(("ct.dcm", await File.ReadAllBytesAsync(IngestFiles.CtSmall)), ("mr.dcm", await File.ReadAllBytesAsync(IngestFiles.MrSmall)))));

        Assert.False(comparison.GetProperty("relation").GetProperty("samePatient").GetBoolean());
        Assert.Contains("Modalities differ: CT versus MR", comparison.GetProperty("summary").GetString()!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/dicom/analyze")]
    [InlineData("/api/v1/dicom/compare")]
    public async Task Bad_uploads_get_a_clear_4xx(string route)
    {
        using var client = api.CreateClientFor(Roles.Radiologist);
        var expectedFiles = route.EndsWith("compare", StringComparison.Ordinal) ? 2 : 1;

        var notDicom = await client.PostAsync(route, FormBody(Enumerable.Repeat(("notes.txt", "just some text, not DICOM"u8.ToArray()), expectedFiles).ToArray()));
        var fewerFiles = FormBody(Enumerable.Repeat(("ct.dcm", await File.ReadAllBytesAsync(IngestFiles.CtSmall)), expectedFiles - 1).ToArray());
        fewerFiles.Add(new StringContent("a form field that is not a file"), "comment");
        var tooFew = await client.PostAsync(route, fewerFiles);
        var wrongType = await client.PostAsync(route, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, notDicom.StatusCode);
        Assert.Contains("file 'notes.txt' is not a readable DICOM file", await notDicom.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooFew.StatusCode);
        Assert.Contains($"{expectedFiles} expected", await tooFew.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
    }

    private static void AssertStates(string summary, string? fact, string because)
    {
        if (fact is not null)
        {
            Assert.True(summary.Contains(fact, StringComparison.Ordinal), $"{because} (should state '{fact}')");
        }
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    internal static ByteArrayContent DicomBody(byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        return content;
    }

    internal static MultipartFormDataContent FormBody(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            form.Add(new ByteArrayContent(bytes), "file", name);
        }

        return form;
    }
}

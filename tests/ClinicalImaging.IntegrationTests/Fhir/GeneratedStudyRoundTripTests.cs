using System.Net;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Fhir;
using ClinicalImaging.Cli;
using ClinicalImaging.IntegrationTests.Telemetry;
using ClinicalImaging.Testing;
using ClinicalImaging.Testing.Fhir;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Fhir;

/// <summary>
/// FHIR in, FHIR out: <c>clinimg generate --stow</c> makes a study from an ImagingStudy and sends it over a real socket
/// to this API's STOW-RS; the archive's /fhir answers then describe the same study and validate against the schema.
/// </summary>
public sealed class GeneratedStudyRoundTripTests(LoopbackApiFactory api) : IClassFixture<LoopbackApiFactory>, IDisposable
{
    private const string StudyUid = "2.25.81234567890123456789012345678901";
    private readonly string _folder = Directory.CreateTempSubdirectory("generate-roundtrip-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_generated_study_sent_with_stow_reads_back_as_the_ImagingStudy_it_was_made_from()
    {
        var accession = "G" + Random.Shared.Next(1_000_000, 9_999_999);
        var mrn = $"MRN-{Guid.NewGuid():N}"[..12];
        var studyUid = $"{StudyUid}{Random.Shared.Next(10_000, 99_999)}";
        var bundle = Path.Combine(_folder, "bundle.json");
        await File.WriteAllTextAsync(bundle, Bundle(studyUid, accession, mrn));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CliApplication.RunAsync(
            ["generate", "--bundle", bundle, "--out", Path.Combine(_folder, "out"), "--stow", new Uri(api.Address, "dicomweb").AbsoluteUri,
             "--token", TestKeys.Token("generator", Roles.Technologist)],
            output, error);

        Assert.True(code == 0, error.ToString());
        var radiologist = api.CreateClientFor(Roles.Radiologist);
        var answers = Path.Combine(_folder, "answers");
        Directory.CreateDirectory(answers);
        var study = await ReadAsync(radiologist, $"/fhir/ImagingStudy/{studyUid}", Path.Combine(answers, "study.json"));
        var patient = await ReadAsync(radiologist, "/fhir/" + study.GetProperty("subject").GetProperty("reference").GetString(), Path.Combine(answers, "patient.json"));
        var search = await ReadAsync(radiologist, $"/fhir/ImagingStudy?identifier={accession}", Path.Combine(answers, "search.json"));

        Assert.Equal(studyUid, study.GetProperty("id").GetString());
        Assert.Contains(study.GetProperty("identifier").EnumerateArray(), i => i.GetProperty("value").GetString() == accession);
        Assert.Equal((2, 5), (study.GetProperty("numberOfSeries").GetInt32(), study.GetProperty("numberOfInstances").GetInt32()));
        var series = study.GetProperty("series").EnumerateArray().OrderBy(s => s.GetProperty("number").GetInt32()).ToList();
        Assert.Equal([$"{studyUid}.1", $"{studyUid}.2"], series.Select(s => s.GetProperty("uid").GetString()));
        // XR in, a digital radiograph (DX) out: docs/generator.md.
        Assert.Equal(["CT", "DX"], series.Select(s => s.GetProperty("modality").GetProperty("code").GetString()));
        Assert.Equal([3, 2], series.Select(s => s.GetProperty("numberOfInstances").GetInt32()));
        Assert.All(series, s => Assert.Equal("816094009", s.GetProperty("bodySite").GetProperty("code").GetString()));
        Assert.Equal("2024-05-06T07:08:09+00:00", study.GetProperty("started").GetString());
        Assert.Equal("Roundtrip Jane", study.GetProperty("subject").GetProperty("display").GetString());
        Assert.Equal(mrn, patient.GetProperty("identifier")[0].GetProperty("value").GetString());
        Assert.Equal(("female", "1971-02-03"), (patient.GetProperty("gender").GetString(), patient.GetProperty("birthDate").GetString()));
        Assert.Equal(1, search.GetProperty("total").GetInt32());
        Assert.Null(FhirSchemaValidator.Failures(FhirSchemaValidator.ValidateFolder(answers)));
    }

    private static async Task<JsonElement> ReadAsync(HttpClient client, string url, string saveAs)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}: {body}");
        await File.WriteAllTextAsync(saveAs, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Bundle(string studyUid, string accession, string mrn) => JsonSerializer.Serialize(new
    {
        resourceType = "Bundle",
        type = "collection",
        entry = new object[]
        {
            new
            {
                fullUrl = "urn:uuid:p1",
                resource = new
                {
                    resourceType = "Patient", id = "p1", identifier = new[] { new { value = mrn } },
                    name = new[] { new { family = "Jane", given = new[] { "Roundtrip" } } }, gender = "female", birthDate = "1971-02-03",
                },
            },
            new
            {
                resource = new
                {
                    resourceType = "ImagingStudy",
                    id = "rt1",
                    status = "available",
                    identifier = new object[]
                    {
                        new { system = FhirCodeSystems.DicomUid, value = "urn:oid:" + studyUid },
                        new { type = new { coding = new[] { new { system = FhirCodeSystems.IdentifierType, code = "ACSN" } } }, value = accession },
                    },
                    subject = new { reference = "Patient/p1" },
                    started = "2024-05-06T07:08:09+00:00",
                    series = new[] { ("CT", 3), ("XR", 2) }.Select((s, i) => new
                    {
                        uid = $"{studyUid}.{i + 1}",
                        number = i + 1,
                        modality = new { system = FhirCodeSystems.Dicom, code = s.Item1 },
                        numberOfInstances = s.Item2,
                        bodySite = new { system = FhirCodeSystems.SnomedCt, code = "816094009" },
                    }),
                },
            },
        },
    });
}

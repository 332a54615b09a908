using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Dicom;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.DicomWeb;
using ClinicalImaging.IntegrationTests.Ingest;
using ClinicalImaging.Testing.Fhir;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Fhir;

/// <summary>/fhir and /api/v1/dicom/fhir over stored studies; every answer is also checked against the FHIR R4 schema.</summary>
public sealed class FhirEndpointTests(ApiFactory api) : IClassFixture<ApiFactory>, IDisposable
{
    private readonly string _answers = Directory.CreateTempSubdirectory("fhir-answers-").FullName;
    private int _saved;

    public void Dispose() => Directory.Delete(_answers, recursive: true);

    [Fact]
    public async Task A_stored_study_reads_as_an_ImagingStudy_and_its_patient_as_a_Patient()
    {
        var (study, patientId, accession) = await StoreStudyAsync(seriesCount: 2);
        var radiologist = api.CreateClientFor(Roles.Radiologist);

        var imagingStudy = await ReadFhirAsync(radiologist, $"/fhir/ImagingStudy/{study}", HttpStatusCode.OK);
        var subject = imagingStudy.GetProperty("subject").GetProperty("reference").GetString()!;
        var patient = await ReadFhirAsync(radiologist, "/fhir/" + subject, HttpStatusCode.OK);

        Assert.Equal(study, imagingStudy.GetProperty("id").GetString());
        Assert.Equal((2, 3), (imagingStudy.GetProperty("numberOfSeries").GetInt32(), imagingStudy.GetProperty("numberOfInstances").GetInt32()));
        Assert.Contains(imagingStudy.GetProperty("identifier").EnumerateArray(), i => i.GetProperty("value").GetString() == accession);
        Assert.Equal("http://localhost/dicomweb", imagingStudy.GetProperty("contained")[0].GetProperty("address").GetString());
        Assert.Equal("CT", imagingStudy.GetProperty("series")[0].GetProperty("modality").GetProperty("code").GetString());
        Assert.True(imagingStudy.GetProperty("subject").TryGetProperty("display", out _));
        Assert.Equal(patientId, patient.GetProperty("identifier")[0].GetProperty("value").GetString());
        Assert.Equal("Patient", patient.GetProperty("resourceType").GetString());
        AssertAllValid();
    }

    [Fact]
    public async Task A_caller_without_patient_data_access_sees_the_study_without_the_patients_name_and_not_the_patient()
    {
        var (study, _, _) = await StoreStudyAsync(seriesCount: 1);
        var aiService = api.CreateClientFor(Roles.AiService);

        var imagingStudy = await ReadFhirAsync(aiService, $"/fhir/ImagingStudy/{study}", HttpStatusCode.OK);
        using var patient = await aiService.GetAsync("/fhir/" + imagingStudy.GetProperty("subject").GetProperty("reference").GetString());

        Assert.False(imagingStudy.GetProperty("subject").TryGetProperty("display", out _));
        Assert.Equal(HttpStatusCode.Forbidden, patient.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.CreateClientFor(Roles.Research).GetAsync($"/fhir/ImagingStudy/{study}")).StatusCode);
    }

    [Fact]
    public async Task Searches_by_patient_by_study_uid_and_by_accession_number_answer_searchset_bundles()
    {
        var (study, _, accession) = await StoreStudyAsync(seriesCount: 1);
        var client = api.CreateClientFor(Roles.Radiologist);
        var patient = (await ReadFhirAsync(client, $"/fhir/ImagingStudy/{study}", HttpStatusCode.OK)).GetProperty("subject").GetProperty("reference").GetString();

        var byPatient = await ReadFhirAsync(client, $"/fhir/ImagingStudy?patient={patient}", HttpStatusCode.OK);
        var byUid = await ReadFhirAsync(client, $"/fhir/ImagingStudy?identifier=urn:dicom:uid|urn:oid:{study}", HttpStatusCode.OK);
        var byAccession = await ReadFhirAsync(client, $"/fhir/ImagingStudy?identifier={accession}&patient={patient}", HttpStatusCode.OK);
        var none = await ReadFhirAsync(client, $"/fhir/ImagingStudy?identifier=urn:oid:{IngestFiles.NewUid()}", HttpStatusCode.OK);

        foreach (var bundle in new[] { byPatient, byUid, byAccession })
        {
            Assert.Equal(("Bundle", "searchset", 1), (bundle.GetProperty("resourceType").GetString(), bundle.GetProperty("type").GetString(), bundle.GetProperty("total").GetInt32()));
            Assert.Equal(study, bundle.GetProperty("entry")[0].GetProperty("resource").GetProperty("id").GetString());
            Assert.Equal($"http://localhost/fhir/ImagingStudy/{study}", bundle.GetProperty("entry")[0].GetProperty("fullUrl").GetString());
        }

        Assert.Equal(0, none.GetProperty("total").GetInt32());
        AssertAllValid();
    }

    [Fact]
    public async Task A_patients_studies_are_paged_with_the_total_and_first_previous_next_links()
    {
        var patientId = "FHIR-" + Guid.NewGuid().ToString("N")[..8];
        var studies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            studies.Add((await StoreStudyAsync(seriesCount: 1, patientId)).Study);
        }

        var client = api.CreateClientFor(Roles.Radiologist);
        var patient = (await ReadFhirAsync(client, $"/fhir/ImagingStudy/{studies[0]}", HttpStatusCode.OK)).GetProperty("subject").GetProperty("reference").GetString()!;
        var seen = new List<string>();
        var relations = new List<string>();
        var url = $"/fhir/ImagingStudy?patient={patient}&_count=2";
        while (url is not null)
        {
            var page = await ReadFhirAsync(client, url, HttpStatusCode.OK);
            Assert.Equal(3, page.GetProperty("total").GetInt32());
            seen.AddRange(page.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("id").GetString()!));
            var links = page.GetProperty("link").EnumerateArray().ToDictionary(l => l.GetProperty("relation").GetString()!, l => l.GetProperty("url").GetString()!);
            relations.Add(string.Join(",", links.Keys));
            Assert.Equal($"http://localhost/fhir/ImagingStudy?patient={Uri.EscapeDataString(patient)}&_count=2&_offset=0", links["first"]);
            url = links.TryGetValue("next", out var next) ? new Uri(next).PathAndQuery : null;
        }

        var countOnly = await ReadFhirAsync(client, $"/fhir/ImagingStudy?patient={patient}&_count=0", HttpStatusCode.OK);

        Assert.Equal(["self,first,next", "self,first,previous"], relations);
        Assert.Equal(studies.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(3, countOnly.GetProperty("total").GetInt32());
        Assert.False(countOnly.TryGetProperty("entry", out _));
        AssertAllValid();
    }

    [Theory]
    [InlineData("/fhir/ImagingStudy?patient=00000000-0000-0000-0000-000000000001&_count=abc", "_count must be a whole number from 0 to 100")]
    [InlineData("/fhir/ImagingStudy?patient=00000000-0000-0000-0000-000000000001&_count=101", "_count must be a whole number from 0 to 100")]
    [InlineData("/fhir/ImagingStudy?patient=00000000-0000-0000-0000-000000000001&_offset=-1", "_offset must be a whole number from 0 to 10000")]
    [InlineData("/fhir/ImagingStudy?patient=00000000-0000-0000-0000-000000000001&_offset=10001", "_offset must be a whole number from 0 to 10000")]
    [InlineData("/fhir/ImagingStudy?patient=00000000-0000-0000-0000-000000000001&_sort=started", "search parameter '_sort' is not supported")]
    public async Task Bad_paging_values_and_unsupported_parameters_are_OperationOutcomes_naming_them(string url, string diagnostics)
    {
        var outcome = await ReadFhirAsync(api.CreateClientFor(Roles.Radiologist), url, HttpStatusCode.BadRequest);

        Assert.Equal("invalid", outcome.GetProperty("issue")[0].GetProperty("code").GetString());
        Assert.Contains(diagnostics, outcome.GetProperty("issue")[0].GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
        AssertAllValid();
    }

    [Theory]
    [InlineData("/fhir/ImagingStudy/1.2.3", HttpStatusCode.NotFound, "not-found")]
    [InlineData("/fhir/ImagingStudy/1.02.3", HttpStatusCode.BadRequest, "invalid")]
    [InlineData("/fhir/ImagingStudy?identifier=urn:oid:1..2", HttpStatusCode.BadRequest, "invalid")]
    [InlineData("/fhir/ImagingStudy?patient=Patient/not-a-key", HttpStatusCode.BadRequest, "invalid")]
    [InlineData("/fhir/ImagingStudy", HttpStatusCode.BadRequest, "invalid")]
    [InlineData("/fhir/Patient/00000000-0000-0000-0000-000000000001", HttpStatusCode.NotFound, "not-found")]
    public async Task Errors_are_OperationOutcomes_with_the_http_status(string url, HttpStatusCode status, string issueCode)
    {
        var outcome = await ReadFhirAsync(api.CreateClientFor(Roles.Radiologist), url, status);

        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Equal(issueCode, outcome.GetProperty("issue")[0].GetProperty("code").GetString());
        AssertAllValid();
    }

    [Theory]
    [InlineData("CT_small.dcm", "CT")]
    [InlineData("MR_small.dcm", "MR")]
    [InlineData("ExplVR_BigEnd.dcm", "US")]
    [InlineData("rtplan.dcm", "RTPLAN")]
    [InlineData("rtdose.dcm", "RTDOSE")]
    public async Task A_posted_DICOM_file_comes_back_as_its_ImagingStudy_with_the_patient_contained(string file, string modality)
    {
        using var dicom = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(Pydicom.TestFiles, file)));
        dicom.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        using var header = DicomFile.Open(Path.Combine(Pydicom.TestFiles, file), ClinicalImaging.Dicom.IO.DicomReadOptions.HeaderOnly);

        var withPhi = await PostFhirAsync(api.CreateClientFor(Roles.Radiologist), dicom);
        var withoutPhi = await PostFhirAsync(api.CreateClientFor(Roles.AiService), dicom);

        Assert.Equal(header.Dataset.GetUid(DicomTags.StudyInstanceUID), withPhi.GetProperty("id").GetString());
        Assert.Equal(modality, withPhi.GetProperty("series")[0].GetProperty("modality").GetProperty("code").GetString());
        Assert.Equal("#patient", withPhi.GetProperty("subject").GetProperty("reference").GetString());
        var patient = withPhi.GetProperty("contained").EnumerateArray().Single(r => r.GetProperty("resourceType").GetString() == "Patient");
        Assert.Equal(!string.IsNullOrWhiteSpace(header.Dataset.GetString(DicomTags.PatientID)), patient.TryGetProperty("identifier", out _));
        Assert.False(withoutPhi.GetProperty("contained").EnumerateArray().Single(r => r.GetProperty("resourceType").GetString() == "Patient").TryGetProperty("identifier", out _));
        AssertAllValid();
    }

    [Fact]
    public async Task A_posted_file_larger_than_the_default_body_limit_is_described_as_a_body_or_as_a_form_file()
    {
        // 2 MiB of pixels: more than Security:DefaultMaxRequestBodyBytes, which routes without their own limit get.
        var large = IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.Rows, (ushort)1024);
            ds.Set(DicomTags.Columns, (ushort)1024);
            ds.Set(DicomTags.PixelData, DicomVR.OW, (ReadOnlyMemory<byte>)new byte[1024 * 1024 * 2]);
        });
        using var body = new ByteArrayContent(large);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(large), "file", "large.dcm" } };

        var asBody = await PostFhirAsync(api.CreateClientFor(Roles.Radiologist), body);
        var asForm = await PostFhirAsync(api.CreateClientFor(Roles.Radiologist), form);

        Assert.True(large.Length > 2 * 1024 * 1024);
        Assert.Equal(asBody.GetProperty("id").GetString(), asForm.GetProperty("id").GetString());
        AssertAllValid();
    }

    [Fact]
    public async Task A_posted_body_that_is_not_DICOM_is_refused_with_an_OperationOutcome()
    {
        using var notDicom = new StringContent("hello");
        notDicom.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        using var wrongType = new StringContent("hello");

        using var refused = await api.CreateClientFor(Roles.Radiologist).PostAsync("/api/v1/dicom/fhir", notDicom);
        using var unsupported = await api.CreateClientFor(Roles.Radiologist).PostAsync("/api/v1/dicom/fhir", wrongType);

        Assert.Equal((HttpStatusCode.BadRequest, "application/fhir+json"), (refused.StatusCode, refused.Content.Headers.ContentType!.MediaType));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
    }

    private async Task<(string Study, string PatientId, string Accession)> StoreStudyAsync(int seriesCount, string? patientId = null)
    {
        var study = IngestFiles.NewUid();
        patientId ??= "FHIR-" + Guid.NewGuid().ToString("N")[..8];
        var accession = "A" + Random.Shared.Next(10_000_000, 99_999_999);
        var objects = Enumerable.Range(0, seriesCount).SelectMany(s =>
        {
            var series = IngestFiles.NewUid();
            return Enumerable.Range(0, s == 0 ? seriesCount : 1).Select(_ => IngestFiles.CtSmallWith(ds =>
            {
                ds.Set(DicomTags.StudyInstanceUID, study);
                ds.Set(DicomTags.SeriesInstanceUID, series);
                ds.Set(DicomTags.SOPInstanceUID, IngestFiles.NewUid());
                ds.Set(DicomTags.PatientID, patientId);
                ds.Set(DicomTags.AccessionNumber, accession);
            }));
        }).ToList();
        using var stored = await api.CreateClientFor(Roles.Technologist).PostAsync("/dicomweb/studies", Multipart.Related(objects));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        return (study, patientId, accession);
    }

    private async Task<JsonElement> ReadFhirAsync(HttpClient client, string url, HttpStatusCode status)
    {
        using var response = await client.GetAsync(url);
        return await SaveAsync(response, status);
    }

    private async Task<JsonElement> PostFhirAsync(HttpClient client, HttpContent content)
    {
        using var response = await client.PostAsync("/api/v1/dicom/fhir", content);
        return await SaveAsync(response, HttpStatusCode.OK);
    }

    private async Task<JsonElement> SaveAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        await File.WriteAllTextAsync(Path.Combine(_answers, $"answer-{Interlocked.Increment(ref _saved)}.json"), body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private void AssertAllValid()
    {
        var results = FhirSchemaValidator.ValidateFolder(_answers);
        Assert.Equal(_saved, results.Count);
        Assert.Null(FhirSchemaValidator.Failures(results));
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Research;
using ClinicalImaging.Dicom;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.DicomWeb;
using ClinicalImaging.IntegrationTests.Ingest;
using ClinicalImaging.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Security;

/// <summary>
/// The research role through its own routes only: every answer has come through the de-identifier, with one set of
/// pseudonyms across search results, metadata and the objects themselves, and none of the patient's identifiers.
/// </summary>
public sealed class ResearchAccessTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string PatientName = "Quorvaxle^Beatrix";
    private const string PatientId = "PID-QVX-55102";
    private static readonly DateOnly BirthDate = new(1941, 6, 3);
    private static readonly DateOnly StudyDate = new(2019, 4, 17);

    private readonly HttpClient _research = api.CreateClientFor(Roles.Research);

    /// <summary>The project's pseudonyms, computed apart from the server to find this test's study among others.</summary>
    private readonly ResearchPseudonyms _pseudonyms = new(Convert.FromBase64String(TestKeys.ResearchPseudonymKey));

    [Fact]
    public async Task Search_metadata_and_objects_agree_on_pseudonyms_and_carry_no_identifier()
    {
        var (bytes, study, series, sop) = await StoreRecognisableAsync("CT chest Quorvaxle follow-up");
        var pseudoStudy = _pseudonyms.Uid(study);

        using var search = await _research.GetAsync($"/research/dicomweb/studies?StudyInstanceUID={pseudoStudy}&includefield=StudyDescription");
        var searchText = await search.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var found = Assert.Single(JsonDocument.Parse(searchText).RootElement.EnumerateArray());
        Assert.Equal(pseudoStudy, Value(found, "0020000D"));
        Assert.Equal($"http://localhost/research/dicomweb/studies/{pseudoStudy}", Value(found, "00081190"));
        Assert.StartsWith("ANON-", Value(found, "00100020"), StringComparison.Ordinal);
        Assert.DoesNotContain("Quorvaxle", Value(found, "00081030"), StringComparison.OrdinalIgnoreCase);

        using var instances = await _research.GetAsync($"/research/dicomweb/studies/{pseudoStudy}/instances");
        var instance = Assert.Single(JsonDocument.Parse(await instances.Content.ReadAsStringAsync()).RootElement.EnumerateArray());
        var (pseudoSeries, pseudoSop) = (Value(instance, "0020000E"), Value(instance, "00080018"));

        using var metadataResponse = await _research.GetAsync($"/research/dicomweb/studies/{pseudoStudy}/metadata");
        var metadataText = await metadataResponse.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, metadataResponse.StatusCode);
        var metadata = Assert.Single(JsonDocument.Parse(metadataText).RootElement.EnumerateArray());
        Assert.Equal((pseudoStudy, pseudoSeries, pseudoSop), (Value(metadata, "0020000D"), Value(metadata, "0020000E"), Value(metadata, "00080018")));
        Assert.Equal(Value(found, "00100020"), Value(metadata, "00100020"));
        Assert.Equal("YES", Value(metadata, "00120062"));
        var shiftedDate = DateOnly.ParseExact(Value(metadata, "00080020"), "yyyyMMdd", CultureInfo.InvariantCulture);
        Assert.InRange(StudyDate.DayNumber - shiftedDate.DayNumber, 1, 3652);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/research/dicomweb/studies/{pseudoStudy}/series/{pseudoSeries}/instances/{pseudoSop}");
        request.Headers.Accept.ParseAdd("application/dicom");
        using var objectResponse = await _research.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, objectResponse.StatusCode);
        var deidentified = await objectResponse.Content.ReadAsByteArrayAsync();
        using var file = DicomFile.Open(new MemoryStream(deidentified));
        using var original = DicomFile.Open(new MemoryStream(bytes));
        Assert.Equal((pseudoStudy, pseudoSeries, pseudoSop), (file.Dataset.GetString(DicomTags.StudyInstanceUID), file.Dataset.GetString(DicomTags.SeriesInstanceUID), file.Dataset.GetString(DicomTags.SOPInstanceUID)));
        Assert.Equal(Value(metadata, "00100020"), file.Dataset.GetString(DicomTags.PatientID));
        Assert.Equal(Value(metadata, "00080020"), file.Dataset.GetString(DicomTags.StudyDate));
        Assert.Equal(pseudoSop, file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID));
        Assert.Equal(DicomPixelData.From(original.Dataset)!.ReadNativeFrames(0, 1), DicomPixelData.From(file.Dataset)!.ReadNativeFrames(0, 1));

        foreach (var (where, text) in new[] { ("search", searchText), ("metadata", metadataText), ("object", Encoding.Latin1.GetString(deidentified)) })
        {
            AssertNoIdentifier(text, where, study, series, sop);
        }
    }

    [Fact]
    public async Task The_REST_study_search_is_de_identified_and_refuses_filters_on_what_it_hides()
    {
        var (_, study, series, sop) = await StoreRecognisableAsync("Quorvaxle knee");

        using var response = await _research.GetAsync("/api/v1/research/studies?modality=CT&pageSize=200");
        var text = await response.Content.ReadAsStringAsync();
        using var byPatient = await _research.GetAsync($"/api/v1/research/studies?patientId={PatientId}");
        using var byDate = await _research.GetAsync("/api/v1/research/studies?startDate=2019-04-17");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = JsonDocument.Parse(text).RootElement;
        var mine = Assert.Single(page.GetProperty("items").EnumerateArray(), s => s.GetProperty("studyInstanceUid").GetString() == _pseudonyms.Uid(study));
        Assert.StartsWith("ANON-", mine.GetProperty("patientId").GetString(), StringComparison.Ordinal);
        Assert.Contains("CT", mine.GetProperty("modalities").EnumerateArray().Select(m => m.GetString()));
        AssertNoIdentifier(text, "REST search", study, series, sop);
        Assert.Equal(HttpStatusCode.BadRequest, byPatient.StatusCode);
        Assert.Contains("patientId", await byPatient.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, byDate.StatusCode);
        Assert.Contains("startDate", await byDate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PatientName=Quorvaxle*")]
    [InlineData("PatientID=PID-QVX-55102")]
    [InlineData("StudyDate=20190417")]
    [InlineData("AccessionNumber=A1")]
    public async Task QIDO_for_research_refuses_matching_on_what_the_de_identification_changes(string query)
    {
        using var response = await _research.GetAsync($"/research/dicomweb/studies?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(query[..query.IndexOf('=', StringComparison.Ordinal)], await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Original_UIDs_are_unknown_on_research_routes_and_research_is_refused_the_archive_routes()
    {
        var (_, study, series, sop) = await StoreRecognisableAsync("Quorvaxle");

        using var byOriginal = await _research.GetAsync($"/research/dicomweb/studies/{study}/metadata");
        using var byOtherPseudonym = await _research.GetAsync($"/research/dicomweb/studies/{_pseudonyms.Uid(series)}/metadata");
        using var originalSearch = await _research.GetAsync($"/research/dicomweb/studies?StudyInstanceUID={study}");
        using var archive = await _research.GetAsync($"/dicomweb/studies/{study}/series/{series}/instances/{sop}/metadata");

        Assert.Equal(HttpStatusCode.NotFound, byOriginal.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOtherPseudonym.StatusCode);
        Assert.Equal(0, JsonDocument.Parse(await originalSearch.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, archive.StatusCode);
    }

    [Fact]
    public async Task Other_roles_are_refused_the_research_routes()
    {
        using var response = await api.CreateClientFor(Roles.Admin).GetAsync("/research/dicomweb/studies");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_pseudonym_key_research_routes_answer_503_and_serve_nothing()
    {
        IAsyncLifetime host = new UnconfiguredResearchApiFactory();
        await host.InitializeAsync();
        try
        {
            using var response = await ((ApiFactory)host).CreateClientFor(Roles.Research).GetAsync("/research/dicomweb/studies");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("Research:PseudonymKey", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private async Task<(byte[] Bytes, string Study, string Series, string Sop)> StoreRecognisableAsync(string description)
    {
        var bytes = IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.StudyInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.SeriesInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.SOPInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.PatientName, PatientName);
            ds.Set(DicomTags.PatientID, PatientId);
            ds.Set(DicomTags.PatientBirthDate, BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            ds.Set(DicomTags.StudyDate, StudyDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            ds.Set(DicomTags.StudyDescription, description);
        });
        var (study, series, sop) = await StowRsTests.StoreOneAsync(api.CreateClientFor(Roles.Technologist), bytes);
        return (bytes, study, series, sop);
    }

    private static string Value(JsonElement dataset, string tag)
    {
        var value = dataset.GetProperty(tag).GetProperty("Value")[0];
        return value.ValueKind == JsonValueKind.Object ? value.GetProperty("Alphabetic").GetString()! : value.ToString();
    }

    private static void AssertNoIdentifier(string text, string where, params string[] uids)
    {
        string[] forbidden = ["Quorvaxle", "Beatrix", PatientId, BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture), StudyDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture), .. uids];
        foreach (var value in forbidden)
        {
            Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"{where} contains {value}");
        }
    }

    private sealed class UnconfiguredResearchApiFactory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Research"] = null };
    }
}

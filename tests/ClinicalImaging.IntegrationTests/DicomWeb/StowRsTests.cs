using ClinicalImaging.Application.Common.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Application.Ingest.StoreInstance;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Dicom;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Ingest;
using Xunit;

namespace ClinicalImaging.IntegrationTests.DicomWeb;

public sealed class StowRsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClientFor(Roles.Technologist);

    [Fact]
    public async Task Stores_two_instances_and_answers_200_with_each_attribute_of_the_response()
    {
        var study = IngestFiles.NewUid();
        var series = IngestFiles.NewUid();
        var sops = new[] { IngestFiles.NewUid(), IngestFiles.NewUid() };

        using var response = await _client.PostAsync("/dicomweb/studies", Multipart.Related(sops.Select(s => IngestFiles.NewCtInstance(study, series, s))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType!.MediaType);
        var body = await JsonAsync(response);
        var studyUrl = $"http://localhost/dicomweb/studies/{study}";
        AssertElement(body, "00081190", "UR", studyUrl);
        Assert.False(body.TryGetProperty("00081198", out _));
        var referenced = Items(body, "00081199");
        Assert.Equal(2, referenced.Count);
        for (var i = 0; i < sops.Length; i++)
        {
            AssertElement(referenced[i], "00081150", "UI", DicomUids.CTImageStorage);
            AssertElement(referenced[i], "00081155", "UI", sops[i]);
            AssertElement(referenced[i], "00081190", "UR", $"{studyUrl}/series/{series}/instances/{sops[i]}");
            Assert.Equal(3, referenced[i].EnumerateObject().Count());
        }
    }

    [Fact]
    public async Task Some_failed_answers_202_with_the_failure_reason_of_each_failed_part()
    {
        var good = IngestFiles.NewCtInstance();

        using var response = await _client.PostAsync("/dicomweb/studies", Multipart.Related([good, "not dicom"u8.ToArray()]));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Single(Items(body, "00081199"));
        var failed = Assert.Single(Items(body, "00081198"));
        AssertElement(failed, "00081197", "US", StowFailureReasons.CannotUnderstand);
        Assert.Single(failed.EnumerateObject());
    }

    [Fact]
    public async Task None_stored_answers_409_and_names_the_refused_instance()
    {
        var sop = IngestFiles.NewUid();
        var bytes = IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.SOPInstanceUID, sop);
            ds.Remove(DicomTags.PatientID);
        });

        using var response = await _client.PostAsync("/dicomweb/studies", Multipart.Related([bytes]));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.False(body.TryGetProperty("00081199", out _));
        var failed = Assert.Single(Items(body, "00081198"));
        AssertElement(failed, "00081150", "UI", DicomUids.CTImageStorage);
        AssertElement(failed, "00081155", "UI", sop);
        AssertElement(failed, "00081197", "US", StowFailureReasons.DataSetDoesNotMatchSopClass);
    }

    [Fact]
    public async Task An_instance_of_another_study_than_the_URL_fails_with_A901()
    {
        var named = IngestFiles.NewUid();

        using var response = await _client.PostAsync($"/dicomweb/studies/{named}", Multipart.Related([IngestFiles.NewCtInstance()]));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await JsonAsync(response);
        AssertElement(body, "00081190", "UR", $"http://localhost/dicomweb/studies/{named}");
        AssertElement(Assert.Single(Items(body, "00081198")), "00081197", "US", StowFailureReasons.StudyInstanceUidMismatch);
    }

    [Fact]
    public async Task A_malformed_study_UID_in_the_URL_is_a_400()
    {
        using var response = await _client.PostAsync("/dicomweb/studies/1.2.abc", Multipart.Related([IngestFiles.NewCtInstance()]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the study UID in the URL contains 'a'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/dicom")]
    [InlineData("application/json")]
    [InlineData("multipart/related; type=\"application/dicom+xml\"; boundary=x")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task Another_media_type_is_refused_with_415(string contentType)
    {
        using var content = new ByteArrayContent(IngestFiles.NewCtInstance());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await _client.PostAsync("/dicomweb/studies", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task A_multipart_body_that_never_ends_is_a_400()
    {
        using var content = new ByteArrayContent("--b\r\nContent-Type: application/dicom\r\n\r\nDICM..."u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b");

        using var response = await _client.PostAsync("/dicomweb/studies", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_part_of_another_media_type_fails_alone_as_cannot_understand()
    {
        using var response = await _client.PostAsync("/dicomweb/studies", Multipart.Related([IngestFiles.NewCtInstance()], partType: "application/dicom+xml"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        AssertElement(Assert.Single(Items(await JsonAsync(response), "00081198")), "00081197", "US", StowFailureReasons.CannotUnderstand);
    }

    [Theory]
    [InlineData(true, false, false, false)]
    [InlineData(false, false, false, false)]
    [InlineData(true, true, false, false)]
    [InlineData(false, true, true, false)]
    [InlineData(true, false, true, true)]
    [InlineData(false, true, false, true)]
    public async Task Accepts_the_multipart_layouts_real_clients_send(bool quoted, bool leadingCrlf, bool partLength, bool chunked)
    {
        var style = new MultipartStyle(quoted, leadingCrlf, partLength, chunked);

        using var response = await _client.PostAsync("/dicomweb/studies", Multipart.Related([IngestFiles.NewCtInstance(), IngestFiles.NewCtInstance()], style));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, Items(await JsonAsync(response), "00081199").Count);
    }

    [Fact]
    public async Task Sending_the_same_instances_again_is_an_idempotent_200()
    {
        var parts = new[] { IngestFiles.NewCtInstance(), IngestFiles.NewCtInstance() };

        using var first = await _client.PostAsync("/dicomweb/studies", Multipart.Related(parts));
        using var second = await _client.PostAsync("/dicomweb/studies", Multipart.Related(parts));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await JsonAsync(first)).GetRawText(), (await JsonAsync(second)).GetRawText());
    }

    [Fact]
    public async Task Many_parallel_STOWs_of_one_study_create_one_study_and_one_series_without_errors()
    {
        const int Clients = 16;
        var study = IngestFiles.NewUid();
        var series = IngestFiles.NewUid();

        var responses = await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            using var response = await _client.PostAsync($"/dicomweb/studies/{study}", Multipart.Related([IngestFiles.NewCtInstance(study, series)]));
            return response.StatusCode;
        }));

        Assert.All(responses, status => Assert.Equal(HttpStatusCode.OK, status));
        var stored = await _client.GetFromJsonAsync<StudyView>($"/api/v1/studies/{study}", JsonOptions);
        var onlySeries = Assert.Single(stored!.Series);
        Assert.Equal(series, onlySeries.SeriesInstanceUid);
        Assert.Equal(Clients, onlySeries.Instances.Count);
    }

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    internal static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    internal static List<JsonElement> Items(JsonElement dataset, string tag)
    {
        var element = dataset.GetProperty(tag);
        Assert.Equal("SQ", element.GetProperty("vr").GetString());
        return element.GetProperty("Value").EnumerateArray().ToList();
    }

    internal static void AssertElement(JsonElement dataset, string tag, string vr, string value)
    {
        var element = dataset.GetProperty(tag);
        Assert.Equal(vr, element.GetProperty("vr").GetString());
        Assert.Equal([value], element.GetProperty("Value").EnumerateArray().Select(v => v.GetString()));
    }

    internal static void AssertElement(JsonElement dataset, string tag, string vr, ushort value)
    {
        var element = dataset.GetProperty(tag);
        Assert.Equal(vr, element.GetProperty("vr").GetString());
        Assert.Equal([value], element.GetProperty("Value").EnumerateArray().Select(v => v.GetUInt16()));
    }

    /// <summary>Stores one object by STOW-RS and returns its UIDs, read back from the response's RetrieveURL.</summary>
    internal static async Task<(string Study, string Series, string Sop)> StoreOneAsync(HttpClient client, byte[] bytes)
    {
        using var response = await client.PostAsync("/dicomweb/studies", Multipart.Related([bytes]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var url = Items(await JsonAsync(response), "00081199")[0].GetProperty("00081190").GetProperty("Value")[0].GetString()!;
        var segments = new Uri(url).Segments.Select(s => s.TrimEnd('/')).ToArray();
        return (segments[^5], segments[^3], segments[^1]);
    }
}

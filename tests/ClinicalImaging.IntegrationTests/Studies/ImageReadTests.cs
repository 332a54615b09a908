using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Images;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.DicomWeb;
using ClinicalImaging.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Studies;

/// <summary>A study's images, one image by id and a patient's images, through the API against real PostgreSQL.</summary>
public sealed class ImageReadTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncDisposable
{
    private readonly UseCaseHost _host = new(api.ConnectionString);
    private readonly HttpClient _client = api.CreateClientFor(Roles.Radiologist);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_studys_images_come_by_series_number_then_instance_number_a_page_at_a_time()
    {
        var uid = await ArchiveSeed.StudyAsync(_host, ArchiveSeed.NewPatientId(), new DateOnly(2026, 1, 1),
            series: [new(Instances: 3, SeriesNumber: 2), new(Instances: 2, SeriesNumber: 1)]);

        var pages = new List<PagedResult<InstanceView>>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(await GetAsync<PagedResult<InstanceView>>($"/api/v1/studies/{uid}/images?page={page}&pageSize=2"));
        }

        var images = pages.SelectMany(p => p.Items).ToList();
        Assert.All(pages, p => Assert.Equal(5, p.Total));
        Assert.Equal([1, 2, 1, 2, 3], images.Select(i => i.InstanceNumber));
        Assert.Equal(2, images.Select(i => i.SeriesInstanceUid).Distinct().Count());
        Assert.Equal(images[2].SeriesInstanceUid, images[4].SeriesInstanceUid);
        Assert.All(images, i => Assert.Equal(uid, i.StudyInstanceUid));
    }

    [Fact]
    public async Task An_unknown_study_is_a_404_and_a_malformed_uid_a_400()
    {
        using var unknown = await _client.GetAsync($"/api/v1/studies/{SampleInstances.NewUid()}/images");
        using var malformed = await _client.GetAsync("/api/v1/studies/1.02.3/images");
        using var unknownZip = await _client.GetAsync($"/api/v1/studies/{SampleInstances.NewUid()}/download");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownZip.StatusCode);
    }

    [Fact]
    public async Task An_image_by_id_carries_its_series_and_study_and_is_open_to_ai_services()
    {
        var uid = await ArchiveSeed.StudyAsync(_host, ArchiveSeed.NewPatientId(), new DateOnly(2026, 1, 1), series: [new("MR", "KNEE", "SIEMENS")]);
        var listed = Assert.Single((await GetAsync<PagedResult<InstanceView>>($"/api/v1/studies/{uid}/images")).Items);

        using var response = await api.CreateClientFor(Roles.AiService).GetAsync($"/api/v1/images/{listed.Id}");
        using var unknown = await _client.GetAsync($"/api/v1/images/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var image = (await response.Content.ReadFromJsonAsync<ImageView>(StowRsTests.JsonOptions))!;
        Assert.Equal(listed, image.Image);
        Assert.Equal(uid, image.Image.StudyInstanceUid);
        Assert.Equal(("MR", "KNEE", "SIEMENS"), (image.Series.Modality, image.Series.BodyPartExamined, image.Equipment.Manufacturer));
        Assert.DoesNotContain("Testpatient", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_patients_images_span_their_studies_newest_first_and_an_unknown_patient_is_an_empty_page()
    {
        var patient = ArchiveSeed.NewPatientId();
        var older = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2025, 1, 1), series: [new(Instances: 2)]);
        var newer = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 1, 1), series: [new(Instances: 1)]);
        await ArchiveSeed.StudyAsync(_host, ArchiveSeed.NewPatientId(), new DateOnly(2026, 1, 1));

        var all = await GetAsync<PagedResult<InstanceView>>($"/api/v1/images/patient/{patient}");
        var secondPage = await GetAsync<PagedResult<InstanceView>>($"/api/v1/images/patient/{patient}?page=2&pageSize=2");
        var otherIssuer = await GetAsync<PagedResult<InstanceView>>($"/api/v1/images/patient/{patient}?issuerOfPatientId=ELSEWHERE");
        var unknown = await GetAsync<PagedResult<InstanceView>>($"/api/v1/images/patient/{ArchiveSeed.NewPatientId()}");

        Assert.Equal(3, all.Total);
        Assert.Equal([newer, older, older], all.Items.Select(i => i.StudyInstanceUid));
        Assert.Equal([all.Items[2]], secondPage.Items);
        Assert.Equal((0L, 0), (otherIssuer.Total, otherIssuer.Items.Count));
        Assert.Equal((0L, 0), (unknown.Total, unknown.Items.Count));
    }

    [Fact]
    public async Task A_patient_images_read_is_audited_by_the_images_returned_never_by_the_patient_id()
    {
        var patient = ArchiveSeed.NewPatientId();
        await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 1, 1));
        var image = Assert.Single((await GetAsync<PagedResult<InstanceView>>($"/api/v1/images/patient/{patient}")).Items);

        var page = await api.CreateClientFor(Roles.Auditor).GetFromJsonAsync<JsonElement>($"/api/v1/audit?resourceId={image.Id}&action=patient-images.read");

        var read = Assert.Single(page.GetProperty("events").EnumerateArray());
        Assert.Equal([image.Id.ToString()], read.GetProperty("resourceIds").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain(patient, read.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/images/patient/PID-1?pageSize=0", "pageSize")]
    [InlineData("/api/v1/studies/1.2.3/images?page=-1", "page")]
    public async Task Paging_parameters_out_of_range_are_a_400_naming_them(string url, string parameter)
    {
        using var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.GetRawText());
    }

    private async Task<T> GetAsync<T>(string url)
    {
        using var response = await _client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(StowRsTests.JsonOptions))!;
    }
}

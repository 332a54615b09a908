using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.DicomWeb;
using ClinicalImaging.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Studies;

/// <summary>
/// GET /api/v1/studies against real PostgreSQL: every filter alone (scoped to a patient of the test's own, so tests
/// sharing the database never see each other's studies), their combination, ordering, paging and validation.
/// </summary>
public sealed class StudySearchTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncDisposable
{
    private readonly UseCaseHost _host = new(api.ConnectionString);
    private readonly HttpClient _client = api.CreateClientFor(Roles.Radiologist);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Patient_id_matches_exactly_through_the_blind_index()
    {
        var patient = ArchiveSeed.NewPatientId();
        var mine = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 1, 5));
        await ArchiveSeed.StudyAsync(_host, ArchiveSeed.NewPatientId(), new DateOnly(2026, 1, 5));

        var found = await SearchAsync($"patientId={patient}");
        var otherCase = await SearchAsync($"patientId={patient.ToLowerInvariant()}");
        var prefix = await SearchAsync($"patientId={patient[..10]}");

        var study = Assert.Single(found.Items);
        Assert.Equal(mine, study.StudyInstanceUid);
        Assert.Equal(patient, study.Patient.PatientId);
        Assert.Equal("Testpatient^Alice", study.Patient.PatientName);
        Assert.Equal(new DateOnly(1961, 4, 12), study.Patient.BirthDate);
        Assert.Empty(otherCase.Items);
        Assert.Empty(prefix.Items);
    }

    [Fact]
    public async Task Issuer_narrows_a_patient_id_to_one_assigning_authority()
    {
        var patient = ArchiveSeed.NewPatientId();
        var atA = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 1, 5), issuer: "HOSPITAL-A");
        var atB = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 1, 6), issuer: "HOSPITAL-B");

        Assert.Equal([atB, atA], Uids(await SearchAsync($"patientId={patient}")));
        Assert.Equal([atB], Uids(await SearchAsync($"patientId={patient}&issuerOfPatientId=HOSPITAL-B")));
    }

    [Fact]
    public async Task Modality_matches_when_any_series_has_it_in_any_letter_case()
    {
        var patient = ArchiveSeed.NewPatientId();
        var ctAndMr = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 2, 1), series: [new("CT"), new("MR")]);
        var ctOnly = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 2, 2), series: [new("CT")]);

        Assert.Equal([ctAndMr], Uids(await SearchAsync($"patientId={patient}&modality=MR")));
        Assert.Equal([ctAndMr], Uids(await SearchAsync($"patientId={patient}&modality=mr")));
        Assert.Equal([ctOnly, ctAndMr], Uids(await SearchAsync($"patientId={patient}&modality=CT")));
        Assert.Empty((await SearchAsync($"patientId={patient}&modality=US")).Items);
    }

    [Fact]
    public async Task Body_part_matches_any_series_case_insensitively()
    {
        var patient = ArchiveSeed.NewPatientId();
        var knee = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 2, 1), series: [new(BodyPart: "CHEST"), new(BodyPart: "Knee")]);
        await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 2, 2), series: [new(BodyPart: "HEAD")]);

        Assert.Equal([knee], Uids(await SearchAsync($"patientId={patient}&bodyPart=knee")));
        Assert.Equal([knee], Uids(await SearchAsync($"patientId={patient}&bodyPart=KNEE")));
        Assert.Empty((await SearchAsync($"patientId={patient}&bodyPart=KNE")).Items);
    }

    [Fact]
    public async Task Manufacturer_matches_the_whole_value_of_any_series_case_insensitively()
    {
        var patient = ArchiveSeed.NewPatientId();
        var siemens = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 2, 1), series: [new(Manufacturer: "SIEMENS"), new(Manufacturer: null)]);
        await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 2, 2), series: [new(Manufacturer: "GE MEDICAL SYSTEMS")]);

        Assert.Equal([siemens], Uids(await SearchAsync($"patientId={patient}&manufacturer=Siemens")));
        Assert.Empty((await SearchAsync($"patientId={patient}&manufacturer=GE")).Items);
    }

    [Fact]
    public async Task Has_contrast_finds_studies_with_any_agent_recorded_or_with_none()
    {
        var patient = ArchiveSeed.NewPatientId();
        var partly = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 3, 1), series: [new(Contrast: null), new(Contrast: "Iohexol 350")]);
        var blank = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 3, 2), series: [new(Contrast: "  ")]);
        var none = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 3, 3), series: [new(Contrast: null, Instances: 2)]);

        Assert.Equal([partly], Uids(await SearchAsync($"patientId={patient}&hasContrast=true")));
        Assert.Equal([none, blank], Uids(await SearchAsync($"patientId={patient}&hasContrast=false")));
    }

    [Fact]
    public async Task Date_range_is_inclusive_at_both_ends_takes_iso_or_dicom_dates_and_leaves_undated_studies_out()
    {
        var patient = ArchiveSeed.NewPatientId();
        var before = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2025, 12, 31));
        var first = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 1, 1));
        var last = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 1, 31));
        var after = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 2, 1));
        await ArchiveSeed.StudyAsync(_host, patient, null);

        Assert.Equal([last, first], Uids(await SearchAsync($"patientId={patient}&startDate=2026-01-01&endDate=2026-01-31")));
        Assert.Equal([last, first], Uids(await SearchAsync($"patientId={patient}&startDate=20260101&endDate=20260131")));
        Assert.Equal([after, last, first], Uids(await SearchAsync($"patientId={patient}&startDate=2026-01-01")));
        Assert.Equal([first, before], Uids(await SearchAsync($"patientId={patient}&endDate=2026-01-01")));
        Assert.Equal([first], Uids(await SearchAsync($"patientId={patient}&startDate=2026-01-01&endDate=2026-01-01")));
    }

    [Fact]
    public async Task Accession_number_matches_exactly()
    {
        var patient = ArchiveSeed.NewPatientId();
        var accession = $"A{Random.Shared.Next(1_000_000, 9_999_999)}";
        var wanted = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 4, 1), accessionNumber: accession);
        await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 4, 2), accessionNumber: accession + "1");

        Assert.Equal([wanted], Uids(await SearchAsync($"accessionNumber={accession}")));
        Assert.Empty((await SearchAsync($"accessionNumber={accession.ToLowerInvariant()}")).Items);
    }

    [Fact]
    public async Task Description_matches_contained_text_case_insensitively_with_wildcards_taken_literally()
    {
        var patient = ArchiveSeed.NewPatientId();
        var chest = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 5, 1), description: "CT CHEST WITH CONTRAST");
        var percent = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 5, 2), description: "Dose 50% reduced_scan");
        await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 5, 3), description: "MR BRAIN");
        await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 5, 4), description: null);

        Assert.Equal([chest], Uids(await SearchAsync($"patientId={patient}&description=chest with")));
        Assert.Equal([percent], Uids(await SearchAsync($"patientId={patient}&description={Uri.EscapeDataString("50%")}")));
        Assert.Equal([percent], Uids(await SearchAsync($"patientId={patient}&description=d_scan")));
        Assert.Empty((await SearchAsync($"patientId={patient}&description={Uri.EscapeDataString("%")}BRAIN")).Items);
    }

    [Fact]
    public async Task Filters_combine_with_and()
    {
        var patient = ArchiveSeed.NewPatientId();
        var wanted = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 6, 10), description: "CT ABDOMEN",
            series: [new("CT", "ABDOMEN", "SIEMENS", "Iohexol")]);
        await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 6, 11), description: "CT ABDOMEN", series: [new("CT", "ABDOMEN", "SIEMENS")]);
        await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 6, 12), description: "CT ABDOMEN", series: [new("MR", "ABDOMEN", "SIEMENS", "Gd")]);

        var found = await SearchAsync(
            $"patientId={patient}&modality=CT&bodyPart=abdomen&manufacturer=siemens&hasContrast=true&startDate=2026-06-01&endDate=2026-06-30&description=abdomen");

        Assert.Equal([wanted], Uids(found));
    }

    [Fact]
    public async Task Summaries_list_modalities_body_parts_and_counts()
    {
        var patient = ArchiveSeed.NewPatientId();
        var uid = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 7, 1), accessionNumber: "ACC-1",
            series: [new("CT", "CHEST", Instances: 3), new("CT", "ABDOMEN", Instances: 2), new("SR", null)]);

        var study = Assert.Single((await SearchAsync($"patientId={patient}")).Items);

        Assert.Equal(uid, study.StudyInstanceUid);
        Assert.Equal(["CT", "SR"], study.Modalities);
        Assert.Equal(["ABDOMEN", "CHEST"], study.BodyParts);
        Assert.Equal((3, 6), (study.NumberOfSeries, study.NumberOfInstances));
        Assert.Equal(("ACC-1", new DateOnly(2026, 7, 1)), (study.Details.AccessionNumber, study.Details.StudyDate));
    }

    [Fact]
    public async Task Newest_first_then_by_time_undated_last_and_pages_cover_every_study_once_with_the_total()
    {
        var patient = ArchiveSeed.NewPatientId();
        var undated = await ArchiveSeed.StudyAsync(_host, patient, null);
        var old = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2024, 1, 1));
        var morning = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 8, 1), new TimeOnly(8, 0));
        var evening = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 8, 1), new TimeOnly(20, 0));
        // Two studies that tie on date and time: the id orders them, the same way on every request.
        var tieA = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2025, 5, 5), new TimeOnly(9, 0));
        var tieB = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2025, 5, 5), new TimeOnly(9, 0));

        var all = await SearchAsync($"patientId={patient}");
        var pages = new List<PagedResult<StudySummary>>();
        for (var page = 1; page <= 4; page++)
        {
            pages.Add(await SearchAsync($"patientId={patient}&page={page}&pageSize=2"));
        }

        Assert.Equal(6, all.Total);
        Assert.Equal((1, PagedRequestValidator.DefaultPageSize), (all.Page, all.PageSize));
        Assert.Equal([evening, morning], Uids(all).Take(2));
        Assert.Equal([old, undated], Uids(all).TakeLast(2));
        Assert.Equal(new[] { tieA, tieB }.Order(StringComparer.Ordinal), Uids(all).Skip(2).Take(2).Order(StringComparer.Ordinal));
        Assert.Equal(Uids(all), pages.SelectMany(Uids));
        Assert.All(pages, p => Assert.Equal((6L, 2), (p.Total, p.PageSize)));
        Assert.Equal([2, 2, 2, 0], pages.Select(p => p.Items.Count));
    }

    [Theory]
    [InlineData("startDate=2026-02-01&endDate=2026-01-01", "endDate")]
    [InlineData("startDate=2026-13-01", "startDate")]
    [InlineData("endDate=yesterday", "endDate")]
    [InlineData("hasContrast=maybe", "hasContrast")]
    [InlineData("page=0", "page")]
    [InlineData("page=two", "page")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("issuerOfPatientId=HOSPITAL-A", "issuerOfPatientId")]
    [InlineData("modality=", "modality")]
    [InlineData("description=%20%20", "description")]
    public async Task A_malformed_parameter_is_a_400_problem_naming_it(string query, string parameter)
    {
        using var response = await _client.GetAsync($"/api/v1/studies?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Equal([parameter], errors.EnumerateObject().Select(e => e.Name));
        Assert.Contains(parameter, errors.GetProperty(parameter)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_is_audited_with_the_filters_used_and_the_studies_returned_never_the_values()
    {
        var patient = ArchiveSeed.NewPatientId();
        var uid = await ArchiveSeed.StudyAsync(_host, patient, new DateOnly(2026, 9, 1));
        var client = api.CreateClientFor("dr-search", Roles.ReferringClinician);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/studies?patientId={patient}&modality=CT")).StatusCode);

        var page = await api.CreateClientFor(Roles.Auditor).GetFromJsonAsync<JsonElement>($"/api/v1/audit?resourceId={uid}&action=study.search");
        var search = Assert.Single(page.GetProperty("events").EnumerateArray());
        Assert.Equal("dr-search", search.GetProperty("actorId").GetString());
        Assert.Equal(["filter:patientId", "filter:modality", uid], search.GetProperty("resourceIds").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain(patient, search.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.AiService)]
    [InlineData(Roles.Research)]
    [InlineData(Roles.Auditor)]
    public async Task Roles_without_patient_data_access_are_refused(string role)
    {
        using var response = await api.CreateClientFor(role).GetAsync("/api/v1/studies?modality=CT");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<PagedResult<StudySummary>> SearchAsync(string query)
    {
        using var response = await _client.GetAsync($"/api/v1/studies?{query}");
        Assert.True(response.IsSuccessStatusCode, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<PagedResult<StudySummary>>(StowRsTests.JsonOptions))!;
    }

    private static List<string> Uids(PagedResult<StudySummary> page) => page.Items.Select(s => s.StudyInstanceUid).ToList();
}

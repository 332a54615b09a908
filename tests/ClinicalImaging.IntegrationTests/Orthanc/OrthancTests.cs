using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Pacs;
using Xunit;
using static ClinicalImaging.IntegrationTests.Orthanc.OrthancArchive;

namespace ClinicalImaging.IntegrationTests.Orthanc;

/// <summary>
/// The Orthanc integration against two real Orthancs (see <see cref="OrthancEnvironment"/>): the routes under
/// /api/v1/orthanc, the client's DICOM operations between the two nodes, and import into the archive. Orthanc's own
/// REST API is the oracle for what Orthanc holds; the uploaded files are the oracle for bytes.
/// </summary>
public sealed class OrthancTests(OrthancEnvironment env) : IClassFixture<OrthancEnvironment>
{
    private HttpClient Radiologist => env.Api.CreateClientFor(Roles.Radiologist);

    private HttpClient Technologist => env.Api.CreateClientFor(Roles.Technologist);

    [Fact]
    public async Task Status_reports_what_Orthanc_says_about_itself()
    {
        var system = await env.Pacs.Rest.GetFromJsonAsync<JsonElement>("system");

        var status = await Radiologist.GetFromJsonAsync<JsonElement>("/api/v1/orthanc/status");

        Assert.Equal(system.GetProperty("Version").GetString(), status.GetProperty("version").GetString());
        Assert.Equal(env.Pacs.Aet, status.GetProperty("dicomAet").GetString());
        Assert.Equal(env.Pacs.DicomPort, status.GetProperty("dicomPort").GetInt32());
    }

    [Fact]
    public async Task An_uploaded_instance_is_stored_byte_for_byte_and_a_second_upload_is_already_stored()
    {
        var (_, files) = TestPatient.Fresh(new DateOnly(2024, 1, 2)).NewStudy(1);
        var client = env.Api.PacsClient();

        var first = await client.UploadInstanceAsync(new MemoryStream(files[0]), CancellationToken.None);
        var again = await client.UploadInstanceAsync(new MemoryStream(files[0]), CancellationToken.None);

        Assert.Equal(PacsUploadStatus.Stored, first.Status);
        Assert.Equal(PacsUploadStatus.AlreadyStored, again.Status);
        Assert.Equal(first.InstanceId, again.InstanceId);
        Assert.Equal(files[0], await env.Pacs.Rest.GetByteArrayAsync($"instances/{first.InstanceId}/file"));
    }

    [Fact]
    public async Task Search_finds_studies_by_patient_id_name_study_date_range_and_modality()
    {
        var patient = TestPatient.Fresh(new DateOnly(2021, 3, 15));
        var computedTomography = await UploadAsync(env.Pacs, patient.NewStudy(1).Files);
        var magneticResonance = await UploadAsync(env.Pacs, (patient with { StudyDate = new DateOnly(2023, 6, 1) }).NewStudy(1, magneticResonance: true).Files);
        string[] both = [computedTomography, magneticResonance];

        Assert.Equal(both.Order(), await SearchAsync(new { patientId = patient.PatientId }));
        // Case-insensitive, with a wildcard, as DICOM matches person names.
        Assert.Equal(both.Order(), await SearchAsync(new { patientName = patient.PatientName.Split('^')[0].ToLowerInvariant() + "*" }));
        Assert.Equal([computedTomography], await SearchAsync(new { patientId = patient.PatientId, studyDateFrom = "2021-01-01", studyDateTo = "2021-12-31" }));
        Assert.Equal([magneticResonance], await SearchAsync(new { patientId = patient.PatientId, studyDateFrom = "2022-01-01" }));
        Assert.Equal([magneticResonance], await SearchAsync(new { patientId = patient.PatientId, modality = "MR" }));
        Assert.Empty(await SearchAsync(new { patientId = patient.PatientId, modality = "US" }));
    }

    [Fact]
    public async Task Search_results_carry_the_patient_as_Orthanc_indexes_it()
    {
        var patient = TestPatient.Fresh(new DateOnly(2020, 11, 30));
        var (uid, files) = patient.NewStudy(2);
        var id = await UploadAsync(env.Pacs, files);

        var found = Assert.Single((await SearchRawAsync(new { patientId = patient.PatientId })).EnumerateArray());

        Assert.Equal(id, found.GetProperty("id").GetString());
        Assert.Equal(uid, found.GetProperty("studyInstanceUid").GetString());
        Assert.Equal(patient.PatientName, found.GetProperty("patientName").GetString());
        Assert.Equal("2020-11-30", found.GetProperty("studyDate").GetString());
        Assert.Equal(1, found.GetProperty("seriesCount").GetInt32());
    }

    [Fact]
    public async Task Study_details_are_the_same_by_Orthanc_id_and_by_Study_Instance_UID_and_list_the_series()
    {
        var patient = TestPatient.Fresh(new DateOnly(2022, 5, 6));
        var (uid, files) = patient.NewStudy(3, magneticResonance: true);
        var id = await UploadAsync(env.Pacs, files);
        var orthancSeries = Assert.Single((await env.Pacs.Rest.GetFromJsonAsync<JsonElement>($"studies/{id}/series")).EnumerateArray());

        var byUid = await Radiologist.GetStringAsync($"/api/v1/orthanc/studies/{uid}");
        var byId = await Radiologist.GetStringAsync($"/api/v1/orthanc/studies/{id}");

        Assert.Equal(byUid, byId);
        var details = JsonDocument.Parse(byId).RootElement;
        Assert.Equal(uid, details.GetProperty("study").GetProperty("studyInstanceUid").GetString());
        Assert.Equal(patient.PatientId, details.GetProperty("study").GetProperty("patientId").GetString());
        var series = Assert.Single(details.GetProperty("series").EnumerateArray());
        Assert.Equal(orthancSeries.GetProperty("ID").GetString(), series.GetProperty("id").GetString());
        Assert.Equal(orthancSeries.GetProperty("MainDicomTags").GetProperty("SeriesInstanceUID").GetString(), series.GetProperty("seriesInstanceUid").GetString());
        Assert.Equal("MR", series.GetProperty("modality").GetString());
        Assert.Equal(3, series.GetProperty("instanceCount").GetInt32());
    }

    [Fact]
    public async Task Download_is_a_zip_of_exactly_the_study_files_and_is_audited()
    {
        var (uid, files) = TestPatient.Fresh(new DateOnly(2019, 7, 8)).NewStudy(2);
        await UploadAsync(env.Pacs, files);

        using var response = await Radiologist.GetAsync($"/api/v1/orthanc/studies/{uid}/download");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{uid}.zip", response.Content.Headers.ContentDisposition?.FileName);
        await using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        var entries = new List<string>();
        foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith('/')))
        {
            await using var content = await entry.OpenAsync();
            using var bytes = new MemoryStream();
            await content.CopyToAsync(bytes);
            entries.Add(Sha256(bytes.ToArray()));
        }

        Assert.Equal(files.Select(Sha256).Order(), entries.Order());
        var audit = await env.Api.CreateClientFor(Roles.Auditor).GetFromJsonAsync<JsonElement>($"/api/v1/audit?resourceId={uid}&action=pacs.study.download");
        var recorded = Assert.Single(audit.GetProperty("events").EnumerateArray());
        Assert.Equal("Success", recorded.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task CEcho_from_Orthanc_succeeds_to_the_remote_node_and_fails_to_a_node_that_does_not_answer()
    {
        var remote = await EchoAsync(OrthancEnvironment.RemoteModality);
        var offline = await EchoAsync(OrthancEnvironment.OfflineModality);
        using var unknown = await Technologist.PostAsync("/api/v1/orthanc/modalities/nowhere/echo", null);

        Assert.True(remote.GetProperty("succeeded").GetBoolean());
        Assert.False(offline.GetProperty("succeeded").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("'nowhere'", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CFind_from_Orthanc_finds_the_study_on_the_remote_node_and_nothing_it_does_not_hold()
    {
        var patient = TestPatient.Fresh(new DateOnly(2018, 2, 3));
        var (uid, files) = patient.NewStudy(1, magneticResonance: true);
        await UploadAsync(env.Remote, files);

        var answers = await QueryRemoteAsync(new { patientId = patient.PatientId });
        var byDate = await QueryRemoteAsync(new { patientId = patient.PatientId, studyDateFrom = "2018-02-04" });

        var answer = Assert.Single(answers.EnumerateArray());
        Assert.Equal(uid, answer.GetProperty("studyInstanceUid").GetString());
        Assert.Equal(patient.PatientName, answer.GetProperty("patientName").GetString());
        Assert.Equal("2018-02-03", answer.GetProperty("studyDate").GetString());
        Assert.Equal("MR", answer.GetProperty("modalitiesInStudy").GetString());
        Assert.Empty(byDate.EnumerateArray());
        Assert.Null(await LookupStudyAsync(env.Pacs, uid));
    }

    [Fact]
    public async Task Retrieve_from_a_modality_moves_the_study_into_Orthanc_by_CMove_then_imports_it_byte_for_byte()
    {
        var (uid, files) = TestPatient.Fresh(new DateOnly(2017, 9, 10)).NewStudy(2);
        await UploadAsync(env.Remote, files);
        Assert.Null(await LookupStudyAsync(env.Pacs, uid));

        using var response = await Technologist.PostAsync($"/api/v1/orthanc/studies/{uid}/retrieve?modality={OrthancEnvironment.RemoteModality}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var import = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, import.GetProperty("stored").GetInt32());
        var id = await LookupStudyAsync(env.Pacs, uid);
        Assert.NotNull(id);
        Assert.Equal(id, import.GetProperty("studyId").GetString());
        Assert.Equal(await OrthancFileHashesAsync(env.Pacs, id), await ArchiveFileHashesAsync(env.Api, uid));
    }

    [Fact]
    public async Task Import_files_the_study_in_the_archive_byte_for_byte_and_importing_again_changes_nothing()
    {
        var (uid, files) = TestPatient.Fresh(new DateOnly(2016, 4, 5)).NewStudy(3);
        var id = await UploadAsync(env.Pacs, files);

        var first = await RetrieveAsync(uid);
        var again = await RetrieveAsync(id);

        Assert.Equal((3, 0, 0), first);
        Assert.Equal((0, 3, 0), again);
        Assert.Equal(files.Select(Sha256).Order(), await ArchiveFileHashesAsync(env.Api, uid));
        Assert.Equal(await OrthancFileHashesAsync(env.Pacs, id), await ArchiveFileHashesAsync(env.Api, uid));
    }

    [Fact]
    public async Task Anonymize_and_modify_write_new_studies_in_Orthanc()
    {
        var patient = TestPatient.Fresh(new DateOnly(2015, 12, 24));
        var (uid, files) = patient.NewStudy(1);
        var id = await UploadAsync(env.Pacs, files);
        var client = env.Api.PacsClient();

        var anonymized = await env.Pacs.Rest.GetFromJsonAsync<JsonElement>($"studies/{await client.AnonymizeStudyAsync(id, CancellationToken.None)}");
        var modifiedId = await client.ModifyStudyAsync(id, new Dictionary<string, string> { ["StudyDescription"] = "Modified by the test" }, CancellationToken.None);
        var modified = await env.Pacs.Rest.GetFromJsonAsync<JsonElement>($"studies/{modifiedId}");

        Assert.NotEqual(id, anonymized.GetProperty("ID").GetString());
        Assert.NotEqual(uid, anonymized.GetProperty("MainDicomTags").GetProperty("StudyInstanceUID").GetString());
        Assert.NotEqual(patient.PatientName, anonymized.GetProperty("PatientMainDicomTags").GetProperty("PatientName").GetString());
        Assert.NotEqual(patient.PatientId, anonymized.GetProperty("PatientMainDicomTags").GetProperty("PatientID").GetString());
        Assert.NotEqual(id, modifiedId);
        Assert.Equal("Modified by the test", modified.GetProperty("MainDicomTags").GetProperty("StudyDescription").GetString());
        Assert.Equal(patient.PatientId, modified.GetProperty("PatientMainDicomTags").GetProperty("PatientID").GetString());
    }

    [Fact]
    public async Task The_anonymize_and_modify_routes_answer_the_copies_Orthanc_wrote_and_are_audited()
    {
        var patient = TestPatient.Fresh(new DateOnly(2016, 2, 29));
        var (uid, files) = patient.NewStudy(2);
        var id = await UploadAsync(env.Pacs, files);

        using var anonymize = await Technologist.PostAsync($"/api/v1/orthanc/studies/{uid}/anonymize", null);
        using var modify = await Technologist.PostAsJsonAsync($"/api/v1/orthanc/studies/{id}/modify", new { replace = new Dictionary<string, string> { ["StudyDescription"] = "Second opinion", ["AccessionNumber"] = "ACC-MOD-1" } });
        using var byRadiologist = await Radiologist.PostAsync($"/api/v1/orthanc/studies/{id}/anonymize", null);
        var anonymized = await anonymize.Content.ReadFromJsonAsync<JsonElement>();
        var modified = await modify.Content.ReadFromJsonAsync<JsonElement>();
        var anonymizedInOrthanc = await env.Pacs.Rest.GetFromJsonAsync<JsonElement>($"studies/{anonymized.GetProperty("studyId").GetString()}");
        var modifiedInOrthanc = await env.Pacs.Rest.GetFromJsonAsync<JsonElement>($"studies/{modified.GetProperty("studyId").GetString()}");
        var audited = await Security.Database.QueryAsync(env.Api.ConnectionString,
            "SELECT action, resource_ids FROM audit_events WHERE $1 = ANY(resource_ids) AND outcome = 'Success' ORDER BY id", id);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden), (anonymize.StatusCode, modify.StatusCode, byRadiologist.StatusCode));
        Assert.Equal((id, id), (anonymized.GetProperty("sourceStudyId").GetString(), modified.GetProperty("sourceStudyId").GetString()));
        Assert.Equal(anonymizedInOrthanc.GetProperty("MainDicomTags").GetProperty("StudyInstanceUID").GetString(), anonymized.GetProperty("studyInstanceUid").GetString());
        Assert.NotEqual(uid, anonymized.GetProperty("studyInstanceUid").GetString());
        Assert.NotEqual(patient.PatientName, anonymizedInOrthanc.GetProperty("PatientMainDicomTags").GetProperty("PatientName").GetString());
        Assert.Equal("Second opinion", modifiedInOrthanc.GetProperty("MainDicomTags").GetProperty("StudyDescription").GetString());
        Assert.Equal("ACC-MOD-1", modifiedInOrthanc.GetProperty("MainDicomTags").GetProperty("AccessionNumber").GetString());
        Assert.Single(modifiedInOrthanc.GetProperty("Series").EnumerateArray());
        Assert.Equal(["pacs.study.anonymize", "pacs.study.modify"], audited.Select(row => (string)row[0]!));
        Assert.Contains(modified.GetProperty("studyId").GetString(), (string[])audited[1][1]!);
    }

    [Fact]
    public async Task Modify_refuses_unknown_keywords_identifiers_and_sequences_naming_them_and_anonymize_an_unknown_study_is_404()
    {
        var (_, files) = TestPatient.Fresh(new DateOnly(2017, 5, 6)).NewStudy(1);
        var id = await UploadAsync(env.Pacs, files);

        using var unknownKeyword = await Technologist.PostAsJsonAsync($"/api/v1/orthanc/studies/{id}/modify", new { replace = new Dictionary<string, string> { ["StudyDescriptoin"] = "x" } });
        using var identifier = await Technologist.PostAsJsonAsync($"/api/v1/orthanc/studies/{id}/modify", new { replace = new Dictionary<string, string> { ["PatientID"] = "OTHER" } });
        using var sequence = await Technologist.PostAsJsonAsync($"/api/v1/orthanc/studies/{id}/modify", new { replace = new Dictionary<string, string> { ["ProcedureCodeSequence"] = "x" } });
        using var nothing = await Technologist.PostAsJsonAsync($"/api/v1/orthanc/studies/{id}/modify", new { replace = new Dictionary<string, string>() });
        using var unknownStudy = await Technologist.PostAsync($"/api/v1/orthanc/studies/{IngestUid()}/anonymize", null);

        await AssertProblemAsync(unknownKeyword, HttpStatusCode.BadRequest, "'StudyDescriptoin' is not a DICOM keyword");
        await AssertProblemAsync(identifier, HttpStatusCode.BadRequest, "PatientID is an identifier");
        await AssertProblemAsync(sequence, HttpStatusCode.BadRequest, "ProcedureCodeSequence is a file meta, sequence or binary attribute");
        await AssertProblemAsync(nothing, HttpStatusCode.BadRequest, "replace must name 1 to 64 attributes");
        await AssertProblemAsync(unknownStudy, HttpStatusCode.NotFound, "PACS study");
    }

    [Fact]
    public async Task A_study_of_this_archive_is_uploaded_to_Orthanc_byte_for_byte_then_a_series_again_as_already_stored()
    {
        var (uid, files) = TestPatient.Fresh(new DateOnly(2018, 8, 9)).NewStudy(2);
        using (var stow = await Technologist.PostAsync("/dicomweb/studies", DicomWeb.Multipart.Related(files)))
        {
            Assert.Equal(HttpStatusCode.OK, stow.StatusCode);
        }

        using var header = ClinicalImaging.Dicom.DicomFile.Open(new MemoryStream(files[0]));
        var series = header.Dataset.GetString(ClinicalImaging.Dicom.DicomTags.SeriesInstanceUID)!;

        using var study = await Technologist.PostAsJsonAsync("/api/v1/orthanc/uploads", new { studyInstanceUid = uid });
        using var again = await Technologist.PostAsJsonAsync("/api/v1/orthanc/uploads", new { studyInstanceUid = uid, seriesInstanceUid = series });
        using var missing = await Technologist.PostAsJsonAsync("/api/v1/orthanc/uploads", new { studyInstanceUid = IngestUid() });
        using var malformed = await Technologist.PostAsJsonAsync("/api/v1/orthanc/uploads", new { studyInstanceUid = uid, sopInstanceUid = IngestUid() });
        using var byRadiologist = await Radiologist.PostAsJsonAsync("/api/v1/orthanc/uploads", new { studyInstanceUid = uid });
        var sent = await study.Content.ReadFromJsonAsync<JsonElement>();
        var resent = await again.Content.ReadFromJsonAsync<JsonElement>();
        var orthancId = await LookupStudyAsync(env.Pacs, uid);

        Assert.Equal(HttpStatusCode.OK, study.StatusCode);
        Assert.Equal((orthancId, 2, 0), (sent.GetProperty("studyId").GetString(), sent.GetProperty("stored").GetInt32(), sent.GetProperty("alreadyStored").GetInt32()));
        Assert.Equal((0, 2), (resent.GetProperty("stored").GetInt32(), resent.GetProperty("alreadyStored").GetInt32()));
        Assert.Equal(files.Select(Sha256).Order(), await OrthancFileHashesAsync(env.Pacs, orthancId!));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden), (missing.StatusCode, malformed.StatusCode, byRadiologist.StatusCode));
        Assert.Contains("seriesInstanceUid", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var audited = await Security.Database.QueryAsync(env.Api.ConnectionString,
            "SELECT resource_ids FROM audit_events WHERE action = 'pacs.instance.upload' AND outcome = 'Success' AND $1 = ANY(resource_ids)", uid);
        Assert.Equal(2, audited.Count);
        Assert.All(audited, row => Assert.Contains(orthancId, (string[])row[0]!));
    }

    [Fact]
    public async Task Unknown_studies_are_404_and_malformed_requests_400_naming_the_problem()
    {
        using var unknown = await Radiologist.GetAsync($"/api/v1/orthanc/studies/{IngestUid()}");
        using var malformed = await Radiologist.GetAsync("/api/v1/orthanc/studies/not-a-study");
        using var badLimit = await Radiologist.PostAsJsonAsync("/api/v1/orthanc/studies/search", new { limit = 0 });
        using var orthancIdWithModality = await Technologist.PostAsync(
            $"/api/v1/orthanc/studies/0a1b2c3d-0a1b2c3d-0a1b2c3d-0a1b2c3d-0a1b2c3d/retrieve?modality={OrthancEnvironment.RemoteModality}", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("PACS id", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Contains("limit", await badLimit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, orthancIdWithModality.StatusCode);
        Assert.Contains("StudyInstanceUID", await orthancIdWithModality.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_roles_that_may_see_patients_search_and_only_admins_and_technologists_retrieve()
    {
        using var research = await env.Api.CreateClientFor(Roles.Research).PostAsJsonAsync("/api/v1/orthanc/studies/search", new { });
        using var aiService = await env.Api.CreateClientFor(Roles.AiService).PostAsJsonAsync("/api/v1/orthanc/studies/search", new { });
        using var radiologist = await Radiologist.PostAsync($"/api/v1/orthanc/studies/{IngestUid()}/retrieve", null);
        using var aiStatus = await env.Api.CreateClientFor(Roles.AiService).GetAsync("/api/v1/orthanc/status");
        using var radiologistEcho = await Radiologist.PostAsync($"/api/v1/orthanc/modalities/{OrthancEnvironment.RemoteModality}/echo", null);

        Assert.Equal(HttpStatusCode.Forbidden, research.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, aiService.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, radiologist.StatusCode);
        Assert.Equal(HttpStatusCode.OK, aiStatus.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, radiologistEcho.StatusCode);
    }

    [Fact]
    public async Task Neither_Orthanc_credentials_nor_searched_or_imported_patient_data_appear_in_logs()
    {
        var patient = TestPatient.Fresh(new DateOnly(2013, 3, 4));
        var (uid, files) = patient.NewStudy(1);
        await UploadAsync(env.Pacs, files);
        Assert.Single(await SearchAsync(new { patientId = patient.PatientId, patientName = patient.PatientName }));
        Assert.Equal((1, 0, 0), await RetrieveAsync(uid));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{OrthancEnvironment.User}:{OrthancEnvironment.Password}"));

        var entries = env.Api.Logs.Entries.ToList();

        // The HttpClient's own logging is captured down to Trace (request headers included), so this is no empty check.
        Assert.Contains(entries, e => e.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal) && e.Contains("/tools/find", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains(OrthancEnvironment.Password, StringComparison.Ordinal) || e.Contains(basic, StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains(patient.PatientId, StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains(patient.PatientName.Split('^')[0], StringComparison.OrdinalIgnoreCase));
    }

    private async Task<JsonElement> EchoAsync(string modality)
    {
        using var response = await Technologist.PostAsync($"/api/v1/orthanc/modalities/{modality}/echo", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> QueryRemoteAsync(object query)
    {
        using var response = await Radiologist.PostAsJsonAsync($"/api/v1/orthanc/modalities/{OrthancEnvironment.RemoteModality}/query", query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<(int Stored, int AlreadyStored, int Failed)> RetrieveAsync(string study)
    {
        using var response = await Technologist.PostAsync($"/api/v1/orthanc/studies/{study}/retrieve", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var import = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (import.GetProperty("stored").GetInt32(), import.GetProperty("alreadyStored").GetInt32(), import.GetProperty("failed").GetInt32());
    }

    private async Task<JsonElement> SearchRawAsync(object query)
    {
        using var response = await Radiologist.PostAsJsonAsync("/api/v1/orthanc/studies/search", query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<List<string>> SearchAsync(object query) =>
        (await SearchRawAsync(query)).EnumerateArray().Select(s => s.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();

    private static string IngestUid() => Ingest.IngestFiles.NewUid();

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        Assert.Contains(detail, body, StringComparison.Ordinal);
    }
}

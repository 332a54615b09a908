using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClinicalImaging.Api.Endpoints;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Ingest.StoreInstance;
using ClinicalImaging.Application.Orders;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Application.Studies.ReconcileStudy;
using ClinicalImaging.Dicom;
using ClinicalImaging.Domain.Orders;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.DicomWeb;
using ClinicalImaging.IntegrationTests.Ingest;
using ClinicalImaging.IntegrationTests.Security;
using ClinicalImaging.IntegrationTests.Workflow;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Studies;

/// <summary>
/// POST /api/v1/studies/{studyUid}/reconcile (decision 0811) through the real API over PostgreSQL: a study that arrived
/// with an empty Patient ID is filed under its real patient, and everything that reads the archive follows.
/// </summary>
public sealed class StudyReconciliationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>CT_small.dcm's own demographics, which an unidentified study's objects carry here.</summary>
    private const string PlaceholderName = "CompressedSamples^CT1";

    private readonly HttpClient _technologist = api.CreateClientFor("tech-tom", Roles.Technologist);

    [Fact]
    public async Task A_study_reconciled_to_a_new_patient_is_filed_under_it_complete_and_the_unidentified_patient_is_gone()
    {
        var study = IngestFiles.NewUid();
        var uploaded = await UploadAsync(IngestFiles.NewCtInstance(study, patientId: ""), IngestFiles.NewCtInstance(study, patientId: ""));
        var unidentifiedKey = (await GetStudyAsync(study)).Patient.Id;
        var patientId = ArchiveSeed.NewPatientId();

        using var response = await ReconcileAsync(study, new { patientId, issuerOfPatientId = "HOSPITAL-A", patientName = "DOE^JANE", birthDate = "1970-01-02", sex = "F" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reconciled = (await response.Content.ReadFromJsonAsync<StudyView>(StowRsTests.JsonOptions))!;
        Assert.Equal(
            (patientId, "HOSPITAL-A", "DOE^JANE", new DateOnly(1970, 1, 2), "F", true),
            (reconciled.Patient.PatientId, reconciled.Patient.IssuerOfPatientId, reconciled.Patient.PatientName, reconciled.Patient.BirthDate, reconciled.Patient.Sex, reconciled.Patient.Identified));
        Assert.NotEqual(unidentifiedKey, reconciled.Patient.Id);
        Assert.Equal(2, reconciled.Series.Sum(s => s.Instances.Count));
        Assert.Equal(reconciled.Patient, (await GetStudyAsync(study)).Patient);
        Assert.Empty(await Database.QueryAsync(api.ConnectionString, "SELECT 1 FROM patients WHERE id = $1", unidentifiedKey));
        // Stored as ingest stores a patient: encrypted, with its blind index and search tokens, the study marked.
        var row = (await Database.QueryAsync(api.ConnectionString, """
            SELECT p.patient_id_index IS NOT NULL, cardinality(p.phi_search_tokens) > 0, position(convert_to($2, 'UTF8') IN p.patient_id_cipher) > 0, st.reconciled_at IS NOT NULL
            FROM studies st JOIN patients p ON p.id = st.patient_key WHERE st.study_instance_uid = $1
            """, study, patientId)).Single();
        Assert.Equal(new object?[] { true, true, false, true }, row);
        // The original objects are the bytes received, the empty Patient ID included.
        foreach (var (file, bytes) in uploaded)
        {
            Assert.Equal(bytes, await _technologist.GetByteArrayAsync($"/api/v1/images/{file.InstanceId}/download"));
        }
    }

    [Fact]
    public async Task Searches_metadata_and_FHIR_read_the_reconciled_patient()
    {
        var study = IngestFiles.NewUid();
        await UploadAsync(IngestFiles.NewCtInstance(study, patientId: ""));
        var patientId = ArchiveSeed.NewPatientId();
        using var reconciled = await ReconcileAsync(study, new { patientId, patientName = "ROE^RICHARD", sex = "M" });
        Assert.Equal(HttpStatusCode.OK, reconciled.StatusCode);
        var radiologist = api.CreateClientFor(Roles.Radiologist);

        var byPatientId = await radiologist.GetFromJsonAsync<JsonElement>($"/api/v1/studies?patientId={patientId}");
        var waiting = await radiologist.GetFromJsonAsync<JsonElement>("/api/v1/studies?unidentifiedPatient=true&pageSize=200");
        var qidoById = await radiologist.GetFromJsonAsync<JsonElement>($"/dicomweb/studies?PatientID={patientId}&includefield=00100010");
        var qidoByName = await radiologist.GetFromJsonAsync<JsonElement>($"/dicomweb/studies?PatientName=ROE*&StudyInstanceUID={study}");
        var metadata = (await radiologist.GetFromJsonAsync<JsonElement>($"/dicomweb/studies/{study}/metadata")).EnumerateArray().Single();
        var imagingStudy = await radiologist.GetFromJsonAsync<JsonElement>($"/fhir/ImagingStudy/{study}");
        var fhirPatient = await radiologist.GetFromJsonAsync<JsonElement>("/fhir/" + imagingStudy.GetProperty("subject").GetProperty("reference").GetString());

        Assert.Equal(study, Assert.Single(byPatientId.GetProperty("items").EnumerateArray()).GetProperty("studyInstanceUid").GetString());
        Assert.DoesNotContain(waiting.GetProperty("items").EnumerateArray(), s => s.GetProperty("studyInstanceUid").GetString() == study);
        var found = Assert.Single(qidoById.EnumerateArray());
        Assert.Equal(study, found.GetProperty("0020000D").GetProperty("Value")[0].GetString());
        Assert.Equal("ROE^RICHARD", found.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.Single(qidoByName.EnumerateArray());
        Assert.Equal(patientId, metadata.GetProperty("00100020").GetProperty("Value")[0].GetString());
        Assert.Equal("ROE^RICHARD", metadata.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.Equal("M", metadata.GetProperty("00100040").GetProperty("Value")[0].GetString());
        Assert.Equal($"Patient/{(await GetStudyAsync(study)).Patient.Id}", imagingStudy.GetProperty("subject").GetProperty("reference").GetString());
        Assert.Equal(patientId, fhirPatient.GetProperty("identifier")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_study_reconciled_to_an_existing_patient_joins_its_other_study_and_fills_only_what_the_record_lacks()
    {
        var patientId = ArchiveSeed.NewPatientId();
        var known = IngestFiles.NewUid();
        await UploadAsync(IngestFiles.NewCtInstance(known, patientId: patientId));
        var patientKey = (await GetStudyAsync(known)).Patient.Id;
        var study = IngestFiles.NewUid();
        await UploadAsync(IngestFiles.NewCtInstance(study, patientId: ""));

        using var response = await ReconcileAsync(study, new { patientId, patientName = PlaceholderName, birthDate = "1980-05-06" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reconciled = (await response.Content.ReadFromJsonAsync<StudyView>(StowRsTests.JsonOptions))!;
        Assert.Equal((patientKey, PlaceholderName, new DateOnly(1980, 5, 6), "O"),
            (reconciled.Patient.Id, reconciled.Patient.PatientName, reconciled.Patient.BirthDate, reconciled.Patient.Sex));
        var studies = await _technologist.GetFromJsonAsync<JsonElement>($"/api/v1/studies?patientId={patientId}");
        Assert.Equal(new[] { known, study }.Order(StringComparer.Ordinal),
            studies.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("studyInstanceUid").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(studies.GetProperty("items").EnumerateArray(), s => Assert.Equal(patientKey, s.GetProperty("patient").GetProperty("id").GetGuid()));
        Assert.Single(await Database.QueryAsync(api.ConnectionString, "SELECT 1 FROM patients WHERE id = $1", patientKey));
    }

    [Fact]
    public async Task The_order_waiting_for_the_patients_study_starts_when_the_study_is_reconciled_to_the_patient()
    {
        var patientId = ArchiveSeed.NewPatientId();
        var order = await WorkflowApi.ScheduleAsync(_technologist, patientId);
        var study = IngestFiles.NewUid();
        await UploadAsync(IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.StudyInstanceUID, study);
            ds.Set(DicomTags.SeriesInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.SOPInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.AccessionNumber, order.AccessionNumber);
            ds.Set(DicomTags.PatientID, "");
        }));
        var before = (await _technologist.GetFromJsonAsync<OrderView>($"/api/v1/imaging/studies/{order.Id}", WorkflowApi.Json))!;

        using var response = await ReconcileAsync(study, new { patientId, issuerOfPatientId = WorkflowApi.Issuer, sex = "F" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(order.Patient.Id, (await response.Content.ReadFromJsonAsync<StudyView>(StowRsTests.JsonOptions))!.Patient.Id);
        var after = (await _technologist.GetFromJsonAsync<OrderView>($"/api/v1/imaging/studies/{order.Id}", WorkflowApi.Json))!;
        Assert.Equal((OrderStatus.Scheduled, null), (before.Status, before.StudyInstanceUid));
        Assert.Equal((OrderStatus.InProgress, study), (after.Status, after.StudyInstanceUid));
    }

    [Fact]
    public async Task Demographics_that_contradict_an_existing_patients_record_are_a_409_naming_them_and_change_nothing()
    {
        var patientId = ArchiveSeed.NewPatientId();
        await UploadAsync(IngestFiles.NewCtInstance(patientId: patientId));
        var study = IngestFiles.NewUid();
        await UploadAsync(IngestFiles.NewCtInstance(study, patientId: ""));

        using var response = await ReconcileAsync(study, new { patientId, patientName = "DOE^JANE", sex = "F" });

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(ReconciliationConflicts.PatientDemographicsDiffer, problem.GetProperty("reason").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith("patientName, sex: ", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(patientId, detail, StringComparison.Ordinal);
        Assert.False((await GetStudyAsync(study)).Patient.Identified);
        var record = (await _technologist.GetFromJsonAsync<JsonElement>($"/api/v1/studies?patientId={patientId}")).GetProperty("items")[0].GetProperty("patient");
        Assert.Equal((PlaceholderName, "O"), (record.GetProperty("patientName").GetString(), record.GetProperty("sex").GetString()));
    }

    [Fact]
    public async Task Only_a_study_of_an_unidentified_patient_can_be_reconciled_and_an_unknown_study_is_a_404()
    {
        var identified = IngestFiles.NewUid();
        await UploadAsync(IngestFiles.NewCtInstance(identified, patientId: ArchiveSeed.NewPatientId()));
        var study = IngestFiles.NewUid();
        await UploadAsync(IngestFiles.NewCtInstance(study, patientId: ""));
        using var first = await ReconcileAsync(study, new { patientId = ArchiveSeed.NewPatientId() });

        using var again = await ReconcileAsync(study, new { patientId = ArchiveSeed.NewPatientId() });
        using var ofIdentified = await ReconcileAsync(identified, new { patientId = ArchiveSeed.NewPatientId() });
        using var unknown = await ReconcileAsync(IngestFiles.NewUid(), new { patientId = ArchiveSeed.NewPatientId() });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(ReconciliationConflicts.StudyPatientIdentified, (await ProblemAsync(again, HttpStatusCode.Conflict)).GetProperty("reason").GetString());
        Assert.Equal(ReconciliationConflicts.StudyPatientIdentified, (await ProblemAsync(ofIdentified, HttpStatusCode.Conflict)).GetProperty("reason").GetString());
        await ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{}", "patientId")]
    [InlineData("""{"patientId":"   "}""", "patientId")]
    [InlineData("""{"patientId":"A\\B"}""", "patientId")]
    [InlineData("""{"patientId":" PID-1"}""", "patientId")]
    [InlineData("""{"patientId":"PID-1","issuerOfPatientId":"HOSP\u0007"}""", "issuerOfPatientId")]
    [InlineData("""{"patientId":"PID-1","patientName":"A=B=C=D"}""", "patientName")]
    [InlineData("""{"patientId":"PID-1","birthDate":"1970-13-01"}""", "birthDate")]
    [InlineData("""{"patientId":"PID-1","birthDate":"19700101"}""", "birthDate")]
    [InlineData("""{"patientId":"PID-1","sex":"X"}""", "sex")]
    public async Task Bad_input_is_a_400_naming_the_field_and_leaves_the_study_unidentified(string body, string field)
    {
        var study = IngestFiles.NewUid();
        await UploadAsync(IngestFiles.NewCtInstance(study, patientId: ""));

        using var response = await _technologist.PostAsync($"/api/v1/studies/{study}/reconcile", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.False((await GetStudyAsync(study)).Patient.Identified);
    }

    [Theory]
    [InlineData(Roles.Radiologist)]
    [InlineData(Roles.ReferringClinician)]
    [InlineData(Roles.AiService)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Research)]
    public async Task Only_admins_and_technologists_may_reconcile(string role)
    {
        var study = IngestFiles.NewUid();
        await UploadAsync(IngestFiles.NewCtInstance(study, patientId: ""));

        using var refused = await api.CreateClientFor(role).PostAsJsonAsync($"/api/v1/studies/{study}/reconcile", new { patientId = ArchiveSeed.NewPatientId() });
        using var admitted = await api.CreateClientFor(Roles.Admin).PostAsJsonAsync($"/api/v1/studies/{study}/reconcile", new { patientId = ArchiveSeed.NewPatientId() });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }

    [Fact]
    public async Task The_reconciliation_is_audited_with_keys_and_UIDs_only()
    {
        var study = IngestFiles.NewUid();
        await UploadAsync(IngestFiles.NewCtInstance(study, patientId: ""));
        var unidentifiedKey = (await GetStudyAsync(study)).Patient.Id;
        var patientId = ArchiveSeed.NewPatientId();

        using var response = await ReconcileAsync(study, new { patientId, patientName = "DOE^JANE" });
        var reconciled = (await response.Content.ReadFromJsonAsync<StudyView>(StowRsTests.JsonOptions))!;

        var events = (await api.CreateClientFor(Roles.Auditor).GetFromJsonAsync<JsonElement>($"/api/v1/audit?resourceId={study}&action=study.reconcile"))
            .GetProperty("events").EnumerateArray().ToList();
        var record = Assert.Single(events);
        Assert.Equal(("Success", "tech-tom"), (record.GetProperty("outcome").GetString(), record.GetProperty("actorId").GetString()));
        Assert.Equal([study, reconciled.Id.ToString(), unidentifiedKey.ToString(), reconciled.Patient.Id.ToString()],
            record.GetProperty("resourceIds").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain(patientId, record.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("DOE", record.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Later_objects_join_the_reconciled_study_with_an_empty_or_the_real_Patient_ID_but_not_with_another()
    {
        var (study, series) = (IngestFiles.NewUid(), IngestFiles.NewUid());
        await UploadAsync(IngestFiles.NewCtInstance(study, series, patientId: ""));
        var patientId = ArchiveSeed.NewPatientId();
        using var reconciled = await ReconcileAsync(study, new { patientId, patientName = "DOE^JANE", sex = "F" });
        Assert.Equal(HttpStatusCode.OK, reconciled.StatusCode);

        var emptyId = await UploadFilesAsync(IngestFiles.NewCtInstance(study, series, patientId: ""), IngestFiles.NewCtInstance(study, patientId: ""));
        var afterEmptyId = await GetStudyAsync(study);
        var realId = await UploadFilesAsync(IngestFiles.NewCtInstance(study, patientId: patientId));
        var otherId = await UploadFilesAsync(IngestFiles.NewCtInstance(study, patientId: ArchiveSeed.NewPatientId()));

        Assert.All(emptyId.Concat(realId), f => Assert.Equal(StoreOutcome.Stored, f.Outcome));
        // The placeholder demographics of the empty-ID objects say nothing about the real patient: the record stays.
        Assert.Equal((patientId, "DOE^JANE", "F"), (afterEmptyId.Patient.PatientId, afterEmptyId.Patient.PatientName, afterEmptyId.Patient.Sex));
        var rejected = Assert.Single(otherId);
        Assert.Equal((StoreOutcome.Failed, $"{StowFailureReasons.HierarchyMismatch:X4}"), (rejected.Outcome, rejected.FailureReason));
        var view = await GetStudyAsync(study);
        Assert.Equal(4, view.Series.Sum(s => s.Instances.Count));
        Assert.Equal(afterEmptyId.Patient.Id, view.Patient.Id);
        Assert.Empty(await Database.QueryAsync(api.ConnectionString,
            "SELECT 1 FROM studies st JOIN patients p ON p.id = st.patient_key WHERE st.study_instance_uid = $1 AND p.patient_id_index IS NULL", study));
    }

    [Fact]
    public async Task An_empty_ID_object_of_a_study_that_arrived_identified_is_still_refused()
    {
        var study = IngestFiles.NewUid();
        await UploadAsync(IngestFiles.NewCtInstance(study, patientId: ArchiveSeed.NewPatientId()));

        var rejected = Assert.Single(await UploadFilesAsync(IngestFiles.NewCtInstance(study, patientId: "")));

        Assert.Equal((StoreOutcome.Failed, $"{StowFailureReasons.HierarchyMismatch:X4}"), (rejected.Outcome, rejected.FailureReason));
    }

    /// <summary>
    /// Uploads of the study's objects (empty and real Patient ID) race with its reconciliation, several rounds for
    /// several interleavings. Whatever the order: no server error, every empty-ID object is stored, a real-ID object is
    /// stored or (arriving before the reconciliation committed) refused as the hierarchy mismatch it then was, and
    /// afterwards the study and every stored object are under the one real patient, with no unidentified patient left.
    /// </summary>
    [Fact]
    public async Task Ingest_racing_with_reconciliation_leaves_one_consistent_study_under_the_real_patient()
    {
        for (var round = 0; round < 4; round++)
        {
            var (study, series) = (IngestFiles.NewUid(), IngestFiles.NewUid());
            await UploadAsync(IngestFiles.NewCtInstance(study, series, patientId: ""));
            var unidentifiedKey = (await GetStudyAsync(study)).Patient.Id;
            var patientId = ArchiveSeed.NewPatientId();
            var emptyIdObjects = Enumerable.Range(0, 6).Select(i => IngestFiles.NewCtInstance(study, i % 2 == 0 ? series : null, patientId: "")).ToList();
            var realIdObjects = Enumerable.Range(0, 2).Select(_ => IngestFiles.NewCtInstance(study, series, patientId: patientId)).ToList();

            // The reconciliation starts amid the uploads: some objects are filed before it, some wait for it, some after.
            var objects = emptyIdObjects.Select(o => (Empty: true, Bytes: o)).Concat(realIdObjects.Select(o => (Empty: false, Bytes: o))).OrderBy(_ => Random.Shared.Next()).ToList();
            var uploads = objects.Take(3).Select(o => (o.Empty, Task: UploadFilesAsync(o.Bytes))).ToList();
            var reconcile = ReconcileAsync(study, new { patientId });
            uploads.AddRange(objects.Skip(3).Select(o => (o.Empty, Task: UploadFilesAsync(o.Bytes))));
            await Task.WhenAll(uploads.Select(u => (Task)u.Task).Append(reconcile));

            using var response = await reconcile;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var results = uploads.Select(u => (u.Empty, File: Assert.Single(u.Task.Result))).ToList();
            Assert.All(results.Where(r => r.Empty), r => Assert.Equal(StoreOutcome.Stored, r.File.Outcome));
            Assert.All(results.Where(r => !r.Empty), r => Assert.True(
                r.File.Outcome == StoreOutcome.Stored || r.File.FailureReason == $"{StowFailureReasons.HierarchyMismatch:X4}", $"{r.File.Outcome} {r.File.FailureReason} {r.File.Message}"));
            var view = await GetStudyAsync(study);
            Assert.Equal(patientId, view.Patient.PatientId);
            Assert.Equal(1 + results.Count(r => r.File.Outcome == StoreOutcome.Stored), view.Series.Sum(s => s.Instances.Count));
            Assert.Empty(await Database.QueryAsync(api.ConnectionString, "SELECT 1 FROM patients WHERE id = $1", unidentifiedKey));
            var owners = await Database.QueryAsync(api.ConnectionString, """
                SELECT DISTINCT st.patient_key FROM instances i JOIN series se ON se.id = i.series_key JOIN studies st ON st.id = se.study_key
                WHERE st.study_instance_uid = $1
                """, study);
            Assert.Equal(view.Patient.Id, (Guid)Assert.Single(owners)[0]!);
        }
    }

    /// <summary>
    /// Deleting the study's only image races with its reconciliation. Either order is fine (reconciled then deleted, or
    /// deleted then a 404), but the deletion must lock the study's owner when it gets the lock, so that it removes the
    /// patient the study then belongs to, never leaving a patient without studies or failing.
    /// </summary>
    [Fact]
    public async Task Deleting_the_only_image_while_the_study_is_reconciled_leaves_no_patient_behind()
    {
        var admin = api.CreateClientFor(Roles.Admin);
        for (var round = 0; round < 4; round++)
        {
            var study = IngestFiles.NewUid();
            var (file, _) = (await UploadAsync(IngestFiles.NewCtInstance(study, patientId: ""))).Single();
            var unidentifiedKey = (await GetStudyAsync(study)).Patient.Id;
            var patientId = ArchiveSeed.NewPatientId();

            var reconcile = ReconcileAsync(study, new { patientId });
            var delete = admin.DeleteAsync($"/api/v1/images/{file.InstanceId}");
            await Task.WhenAll(reconcile, delete);

            using var reconciled = await reconcile;
            using var deleted = await delete;
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.True(reconciled.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{reconciled.StatusCode}");
            Assert.Equal(HttpStatusCode.NotFound, (await _technologist.GetAsync($"/api/v1/studies/{study}")).StatusCode);
            Assert.Empty(await Database.QueryAsync(api.ConnectionString, "SELECT 1 FROM patients WHERE id = $1", unidentifiedKey));
            if (reconciled.StatusCode == HttpStatusCode.OK)
            {
                var patientKey = (await reconciled.Content.ReadFromJsonAsync<StudyView>(StowRsTests.JsonOptions))!.Patient.Id;
                Assert.Empty(await Database.QueryAsync(api.ConnectionString, "SELECT 1 FROM patients WHERE id = $1", patientKey));
            }
        }
    }

    [Fact]
    public void The_archive_API_document_lists_exactly_the_reconciliation_reason_codes()
    {
        var document = File.ReadAllText(Path.Combine(ConformanceDocumentTests.RepositoryRoot(), "docs", "archive-api.md"));

        var documented = Regex.Matches(document, "^\\| 409 `([a-z-]+)` \\|", RegexOptions.Multiline).Select(m => m.Groups[1].Value);

        Assert.Equal(
            typeof(ReconciliationConflicts).GetFields().Select(f => (string)f.GetValue(null)!).Order(StringComparer.Ordinal),
            documented.Order(StringComparer.Ordinal));
    }

    private Task<HttpResponseMessage> ReconcileAsync(string study, object body) => _technologist.PostAsJsonAsync($"/api/v1/studies/{study}/reconcile", body);

    private async Task<StudyView> GetStudyAsync(string study) => (await _technologist.GetFromJsonAsync<StudyView>($"/api/v1/studies/{study}", StowRsTests.JsonOptions))!;

    private async Task<List<(UploadedFile File, byte[] Bytes)>> UploadAsync(params byte[][] objects)
    {
        var files = await UploadFilesAsync(objects);
        Assert.All(files, f => Assert.Equal(StoreOutcome.Stored, f.Outcome));
        return files.Zip(objects).ToList();
    }

    private Task<IReadOnlyList<UploadedFile>> UploadFilesAsync(params byte[][] objects) => ArchiveUploads.UploadAsync(_technologist, objects);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

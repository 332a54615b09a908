using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Api.Endpoints;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Studies;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.DicomWeb;
using ClinicalImaging.IntegrationTests.Ingest;
using ClinicalImaging.IntegrationTests.Security;
using ClinicalImaging.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Studies;

/// <summary>DELETE /api/v1/images/{id}: rows, then empty parents, audit in the same transaction, then the object.</summary>
public sealed class ImageDeletionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = api.CreateClientFor("admin-ann", Roles.Admin);

    [Fact]
    public async Task Deleting_one_of_two_images_keeps_the_series_and_removes_the_object()
    {
        var (study, series) = (IngestFiles.NewUid(), IngestFiles.NewUid());
        var files = await UploadAsync(IngestFiles.NewCtInstance(study, series), IngestFiles.NewCtInstance(study, series));
        var objectPath = await ObjectPathAsync(files[0].InstanceId!.Value);

        using var response = await _admin.DeleteAsync($"/api/v1/images/{files[0].InstanceId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(File.Exists(objectPath));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/v1/images/{files[0].InstanceId}")).StatusCode);
        var remaining = (await _admin.GetFromJsonAsync<StudyView>($"/api/v1/studies/{study}", StowRsTests.JsonOptions))!;
        Assert.Equal([files[1].SopInstanceUid], remaining.Series.Single().Instances.Select(i => i.SopInstanceUid));
    }

    [Fact]
    public async Task Deleting_the_last_image_removes_its_series_study_and_patient()
    {
        var patientId = ArchiveSeed.NewPatientId();
        var file = (await UploadAsync(IngestFiles.NewCtInstance(patientId: patientId))).Single();
        var patientKey = (await _admin.GetFromJsonAsync<StudyView>($"/api/v1/studies/{file.StudyInstanceUid}", StowRsTests.JsonOptions))!.Patient.Id;

        using var response = await _admin.DeleteAsync($"/api/v1/images/{file.InstanceId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/v1/studies/{file.StudyInstanceUid}")).StatusCode);
        Assert.Empty(await Database.QueryAsync(api.ConnectionString, "SELECT 1 FROM series WHERE series_instance_uid = $1", file.SeriesInstanceUid!));
        Assert.Empty(await Database.QueryAsync(api.ConnectionString, "SELECT 1 FROM patients WHERE id = $1", patientKey));
        Assert.Equal(0, (await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/studies?patientId={patientId}")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_patient_with_another_study_stays()
    {
        var patientId = ArchiveSeed.NewPatientId();
        var files = await UploadAsync(IngestFiles.NewCtInstance(patientId: patientId), IngestFiles.NewCtInstance(patientId: patientId));

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/images/{files[0].InstanceId}")).StatusCode);

        var left = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/studies?patientId={patientId}");
        Assert.Equal(files[1].StudyInstanceUid, Assert.Single(left.GetProperty("items").EnumerateArray()).GetProperty("studyInstanceUid").GetString());
    }

    [Fact]
    public async Task An_object_another_row_still_refers_to_is_kept_until_that_row_goes_too()
    {
        var file = (await UploadAsync(IngestFiles.NewCtInstance())).Single();
        var objectPath = await ObjectPathAsync(file.InstanceId!.Value);
        var blob = await Database.QueryAsync(api.ConnectionString, "SELECT blob_key, size_bytes, sha256 FROM instances WHERE id = $1", file.InstanceId.Value);
        // Content addressing: a second row on the same bytes (as after an overwrite or a copy into another study).
        var twin = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1) with
        {
            StoredObject = new StoredObject((string)blob[0][0]!, (long)blob[0][1]!, (string)blob[0][2]!),
        };
        await using (var host = new UseCaseHost(api.ConnectionString))
        {
            await host.RegisterAsync(twin);
        }

        var twinId = (Guid)(await Database.QueryAsync(api.ConnectionString, "SELECT id FROM instances WHERE sop_instance_uid = $1", twin.SopInstanceUid))[0][0]!;

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/images/{file.InstanceId}")).StatusCode);
        Assert.True(File.Exists(objectPath));
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/images/{twinId}")).StatusCode);
        Assert.False(File.Exists(objectPath));
    }

    [Fact]
    public async Task The_deletion_is_audited_with_the_instance_and_study_and_a_second_delete_is_a_404()
    {
        var file = (await UploadAsync(IngestFiles.NewCtInstance())).Single();

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/images/{file.InstanceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteAsync($"/api/v1/images/{file.InstanceId}")).StatusCode);

        var events = (await api.CreateClientFor(Roles.Auditor).GetFromJsonAsync<JsonElement>(
            $"/api/v1/audit?resourceId={file.InstanceId}&action=instance.delete")).GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["NotFound", "Success"], events.Select(e => e.GetProperty("outcome").GetString()));
        var success = events[1];
        Assert.Equal("admin-ann", success.GetProperty("actorId").GetString());
        Assert.Equal([file.InstanceId.ToString(), file.SopInstanceUid, file.StudyInstanceUid],
            success.GetProperty("resourceIds").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_deletion_whose_audit_record_cannot_be_written_deletes_nothing()
    {
        var file = (await UploadAsync(IngestFiles.NewCtInstance())).Single();
        var objectPath = await ObjectPathAsync(file.InstanceId!.Value);
        await Database.ExecuteAsync(api.ConnectionString, """
            CREATE FUNCTION reject_delete_audit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.action = 'instance.delete' THEN RAISE EXCEPTION 'audit disk full'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER reject_delete_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION reject_delete_audit();
            """);
        try
        {
            using var response = await _admin.DeleteAsync($"/api/v1/images/{file.InstanceId}");

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }
        finally
        {
            await Database.ExecuteAsync(api.ConnectionString, "DROP TRIGGER reject_delete_audit ON audit_events; DROP FUNCTION reject_delete_audit();");
        }

        Assert.Single(await Database.QueryAsync(api.ConnectionString, "SELECT 1 FROM instances WHERE id = $1", file.InstanceId.Value));
        Assert.True(File.Exists(objectPath));
    }

    [Theory]
    [InlineData(Roles.Technologist)]
    [InlineData(Roles.Radiologist)]
    [InlineData(Roles.ReferringClinician)]
    [InlineData(Roles.AiService)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Research)]
    public async Task Only_admins_may_delete_images(string role)
    {
        var file = (await UploadAsync(IngestFiles.NewCtInstance())).Single();

        using var refused = await api.CreateClientFor(role).DeleteAsync($"/api/v1/images/{file.InstanceId}");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Single(await Database.QueryAsync(api.ConnectionString, "SELECT 1 FROM instances WHERE id = $1", file.InstanceId!.Value));
    }

    private async Task<IReadOnlyList<UploadedFile>> UploadAsync(params byte[][] objects)
    {
        var files = await ArchiveUploads.UploadAsync(_admin, objects);
        Assert.All(files, f => Assert.Equal(Application.Ingest.StoreInstance.StoreOutcome.Stored, f.Outcome));
        return files;
    }

    private async Task<string> ObjectPathAsync(Guid instanceId)
    {
        var key = (string)(await Database.QueryAsync(api.ConnectionString, "SELECT blob_key FROM instances WHERE id = $1", instanceId))[0][0]!;
        var path = Path.Combine(api.StorageRoot, "objects", key);
        Assert.True(File.Exists(path), path);
        return path;
    }
}

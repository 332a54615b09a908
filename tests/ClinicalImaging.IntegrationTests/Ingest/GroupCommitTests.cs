using System.Net;
using System.Security.Cryptography;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.DicomWeb;
using ClinicalImaging.IntegrationTests.Security;
using ClinicalImaging.Infrastructure.Persistence.Registration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Ingest;

/// <summary>
/// Registrations of concurrent requests are committed together (decision 0813). The test holds the patient's row lock,
/// so the patient's writer blocks on it and later requests for that patient queue behind it (a patient with
/// registrations outstanding keeps its writer, decisions 0814, 0816); releasing it lets the queue go as one group.
/// </summary>
public sealed class GroupCommitTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly RegistrationGroupCommitter _committer = api.Services.GetRequiredService<RegistrationGroupCommitter>();

    [Fact]
    public async Task Requests_queued_behind_a_locked_patient_are_registered_together_each_audited_as_its_own_request()
    {
        var (study, series) = await NewStudyAsync();
        var clients = new[] { api.CreateClientFor("tech-group-a", Roles.Technologist), api.CreateClientFor("tech-group-b", Roles.Technologist) };
        var sops = Enumerable.Range(0, 6).Select(_ => IngestFiles.NewUid()).ToList();
        var correlations = sops.Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var queued = sops.Count - 1;
        Task<HttpResponseMessage> Send(int n) => clients[n % 2].SendAsync(
            Stow(IngestFiles.NewCtInstance(study, series, sops[n]), correlations[n]));

        var responses = new List<Task<HttpResponseMessage>>();
        await using (var patientLock = await LockPatientOfAsync(study))
        {
            // One request, whose writer blocks on the lock; then the others, which queue for the same writer (the
            // other writers, free, must not take them and wait on the lock too).
            responses.Add(Send(0));
            await WaitForAsync(async () => await LockWaitersAsync() == 1);
            responses.AddRange(Enumerable.Range(1, queued).Select(Send));
            await WaitForAsync(() => Task.FromResult(_committer.Queued == queued));
            Assert.Equal(1, await LockWaitersAsync());
        }

        foreach (var response in await Task.WhenAll(responses))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Rows written by one transaction share its id (xmin): the first request alone, the queued ones as one group.
        var transactions = await Database.QueryAsync(api.ConnectionString,
            "SELECT xmin::text, count(*) FROM instances WHERE sop_instance_uid = ANY($1) GROUP BY xmin", (object)sops.ToArray());
        Assert.Equal(new long[] { 1, queued }, transactions.Select(t => (long)t[1]!).Order());
        for (var n = 0; n < sops.Count; n++)
        {
            var audit = Assert.Single(await Database.QueryAsync(api.ConnectionString,
                "SELECT actor_id, resource_ids FROM audit_events WHERE action = 'instance.register' AND correlation_id = $1", correlations[n]));
            Assert.Equal(n % 2 == 0 ? "tech-group-a" : "tech-group-b", audit[0]);
            Assert.Equal([study, sops[n]], (string[])audit[1]!);
        }
    }

    [Fact]
    public async Task Patients_with_nothing_outstanding_go_to_a_free_writer_not_behind_a_locked_patient()
    {
        var (study, series) = await NewStudyAsync();
        var client = api.CreateClientFor(Roles.Technologist);
        await using (var patientLock = await LockPatientOfAsync(study))
        {
            var blocked = client.SendAsync(Stow(IngestFiles.NewCtInstance(study, series), correlationId: null));
            await WaitForAsync(async () => await LockWaitersAsync() == 1);

            // Whatever their Patient IDs, each goes to the writer with nothing to do (a hash of the ID would put some
            // behind the lock; the guard turns that into a failure rather than a test that waits forever).
            foreach (var patientId in Enumerable.Range(0, 6).Select(n => $"GROUP-{n}-{IngestFiles.NewUid()[^8..]}"))
            {
                using var other = await client.SendAsync(Stow(IngestFiles.NewCtInstance(patientId: patientId), correlationId: null))
                    .WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            }

            Assert.False(blocked.IsCompleted);
            Assert.Equal(1, await LockWaitersAsync());
            await patientLock.CloseAsync();
            using var released = await blocked;
            Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        }
    }

    [Fact]
    public async Task A_request_cancelled_while_queued_is_not_registered_and_its_object_is_removed()
    {
        var (study, series) = await NewStudyAsync();
        var client = api.CreateClientFor(Roles.Technologist);
        var blocked = new List<Task<HttpResponseMessage>>();
        var withdrawnSop = IngestFiles.NewUid();
        var withdrawn = IngestFiles.NewCtInstance(study, series, withdrawnSop);
        var withdrawnPath = ObjectPath(withdrawn);
        await using (var patientLock = await LockPatientOfAsync(study))
        {
            blocked.Add(client.SendAsync(Stow(IngestFiles.NewCtInstance(study, series), correlationId: null)));
            await WaitForAsync(async () => await LockWaitersAsync() == 1);

            using var cancel = new CancellationTokenSource();
            var request = client.SendAsync(Stow(withdrawn, correlationId: null), cancel.Token);
            await WaitForAsync(() => Task.FromResult(_committer.Queued == 1 && File.Exists(withdrawnPath)));
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
            await WaitForAsync(() => Task.FromResult(!File.Exists(withdrawnPath)));
        }

        foreach (var response in await Task.WhenAll(blocked))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Empty(await Database.QueryAsync(api.ConnectionString, "SELECT id FROM instances WHERE sop_instance_uid = $1", withdrawnSop));
        Assert.Equal(0, _committer.Queued);
    }

    private async Task<(string Study, string Series)> NewStudyAsync()
    {
        var study = IngestFiles.NewUid();
        var series = IngestFiles.NewUid();
        using var first = await api.CreateClientFor(Roles.Technologist).SendAsync(Stow(IngestFiles.NewCtInstance(study, series), correlationId: null));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        return (study, series);
    }

    private static HttpRequestMessage Stow(byte[] dicom, string? correlationId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/dicomweb/studies") { Content = Multipart.Related([dicom]) };
        if (correlationId is not null)
        {
            request.Headers.Add("X-Correlation-ID", correlationId);
        }

        return request;
    }

    /// <summary>Holds the row lock of the study's patient, as a registration does, until disposed (closing its connection rolls back).</summary>
    private async Task<NpgsqlConnection> LockPatientOfAsync(string study)
    {
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using (var begin = new NpgsqlCommand("BEGIN", connection))
        {
            await begin.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(
            "SELECT p.id FROM patients p JOIN studies s ON s.patient_key = p.id WHERE s.study_instance_uid = $1 FOR UPDATE OF p", connection)
        {
            Parameters = { new() { Value = study } },
        };
        Assert.NotNull(await command.ExecuteScalarAsync());
        return connection;
    }

    private async Task<long> LockWaitersAsync() => (long)(await Database.QueryAsync(api.ConnectionString,
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"))[0][0]!;

    private string ObjectPath(byte[] dicom)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(dicom));
        return Path.Combine(api.StorageRoot, "objects", sha[..2], sha + ".dcm");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the expected state was not reached within 30 s");
    }
}

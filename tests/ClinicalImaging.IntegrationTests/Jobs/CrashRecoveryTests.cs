using System.Net;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.EndToEnd;
using ClinicalImaging.IntegrationTests.Ingest;
using ClinicalImaging.IntegrationTests.Security;
using Npgsql;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Jobs;

/// <summary>
/// A worker process killed mid-job: its lease expires, another worker process takes the job and completes it, and the
/// result exists exactly once. "Mid-job" is made observable, not guessed: the test holds a row lock on the instance, so
/// the first worker, having claimed the job, run the model and written its heatmaps, blocks on storing the result (the
/// insert's foreign key check waits for the lock) until it is killed.
/// </summary>
public sealed class CrashRecoveryTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static Dictionary<string, string?> Worker(string workerId) => new()
    {
        ["Jobs:Worker:WorkerId"] = workerId,
        ["Jobs:Worker:LeaseDuration"] = "00:00:02",
        ["Jobs:Worker:HeartbeatInterval"] = "00:00:00.500",
        ["Jobs:Worker:PollInterval"] = "00:00:00.100",
        // The crash needs no uncertainty; skipping the dropout passes keeps the two worker runs short.
        ["Inference:Analysis:UncertaintySamples"] = "0",
    };

    [Fact]
    public async Task A_worker_killed_mid_job_loses_its_lease_and_another_worker_completes_the_job_exactly_once()
    {
        var studyUid = IngestFiles.NewUid();
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(AnalysisInstances.HeadCt(studyUid)), "files", "head.dcm" } })
        using (var upload = await api.CreateClientFor(Roles.Technologist).PostAsync("/api/v1/images/upload", form))
        {
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        // Ingest queued the head CT model for the instance in its own transaction.
        var queued = await Database.QueryAsync(api.ConnectionString, """
            SELECT j.id, i.id FROM jobs j
            JOIN instances i ON j.payload->>'instanceId' = i.id::text
            JOIN series s ON s.id = i.series_key JOIN studies st ON st.id = s.study_key
            WHERE st.study_instance_uid = $1 AND j.kind = 'inference'
            """, studyUid);
        var row = Assert.Single(queued);
        var (jobId, instanceId) = ((Guid)row[0]!, (Guid)row[1]!);

        await using var instanceLock = new NpgsqlConnection(api.ConnectionString);
        await instanceLock.OpenAsync();
        var holding = await instanceLock.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM instances WHERE id = $1 FOR UPDATE", instanceLock, holding))
        {
            lockRow.Parameters.Add(new() { Value = instanceId });
            await lockRow.ExecuteScalarAsync();
        }

        await using (var first = await ApiProcess.StartAsync("worker", api.ConnectionString, api.StorageRoot, Worker("crash-first")))
        {
            await first.WaitUntilAsync(async () =>
                (await JobAsync(jobId)) is ["running", "crash-first/0", _]
                && (long)(await Database.QueryAsync(api.ConnectionString, """
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO inference_results%'
                    """))[0][0]! == 1);
            first.Kill();
        }

        await holding.RollbackAsync();
        await using (var second = await ApiProcess.StartAsync("worker", api.ConnectionString, api.StorageRoot, Worker("crash-second")))
        {
            await second.WaitUntilAsync(async () => (await JobAsync(jobId)) is ["succeeded", ..]);
        }

        Assert.Equal(["succeeded", null, 2], await JobAsync(jobId));
        var results = await Database.QueryAsync(api.ConnectionString, "SELECT job_id FROM inference_results WHERE instance_key = $1", instanceId);
        Assert.Equal(jobId, Assert.Single(results)[0]);
    }

    private async Task<object?[]> JobAsync(Guid jobId) =>
        (await Database.QueryAsync(api.ConnectionString, "SELECT status, lease_owner, attempts FROM jobs WHERE id = $1", jobId))[0];
}

using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Jobs;
using ClinicalImaging.Domain.Jobs;
using ClinicalImaging.Infrastructure.Jobs;
using ClinicalImaging.Testing;
using Npgsql;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Jobs;

/// <summary>The PostgreSQL queue's transitions, with lease expiry made deterministic by moving the lease into the past.</summary>
public sealed class JobQueueTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(database.ConnectionString);

    private PostgresJobQueue Queue => new(_dataSource);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    [Fact]
    public async Task A_job_is_claimed_run_and_completed_once()
    {
        var kind = NewKind();
        var queued = await Queue.EnqueueAsync(new NewJob(kind, """{"n":1}""", null), default);

        var claimed = Assert.Single(await Queue.ClaimAsync("worker-a", [kind], 10, Lease, default));
        Assert.Empty(await Queue.ClaimAsync("worker-b", [kind], 10, Lease, default));
        var running = await Queue.GetAsync(queued.Id, default);
        await Queue.CompleteAsync(claimed.Id, "worker-a", default);

        Assert.Equal((JobStatus.Queued, 0), (queued.Status, queued.Attempts));
        Assert.Equal((queued.Id, 1, """{"n": 1}"""), (claimed.Id, claimed.Attempt, claimed.Payload));
        Assert.Equal((JobStatus.Running, "worker-a"), (running!.Status, running.LeaseOwner));
        var done = await Queue.GetAsync(queued.Id, default);
        Assert.Equal(JobStatus.Succeeded, done!.Status);
        Assert.Null(done.LeaseOwner);
        Assert.NotNull(done.FinishedAt);
    }

    [Fact]
    public async Task Queuing_the_same_work_twice_finds_the_first_job()
    {
        var kind = NewKind();
        var first = await Queue.EnqueueAsync(new NewJob(kind, "{}", $"{kind}:same"), default);

        var second = await Queue.EnqueueAsync(new NewJob(kind, "{}", $"{kind}:same"), default);

        Assert.Equal(first.Id, second.Id);
        Assert.Single(await Queue.ClaimAsync("worker-a", [kind], 10, Lease, default));
    }

    [Fact]
    public async Task Higher_priority_jobs_are_claimed_first()
    {
        var kind = NewKind();
        var low = await Queue.EnqueueAsync(new NewJob(kind, "{}", null, Priority: 0), default);
        var high = await Queue.EnqueueAsync(new NewJob(kind, "{}", null, Priority: 50), default);

        var claimed = await Queue.ClaimAsync("worker-a", [kind], 2, Lease, default);

        Assert.Equal([high.Id, low.Id], claimed.Select(c => c.Id));
    }

    [Fact]
    public async Task A_failed_attempt_waits_for_its_backoff_then_runs_again()
    {
        var kind = NewKind();
        var job = await Queue.EnqueueAsync(new NewJob(kind, "{}", null, MaxAttempts: 3), default);
        await Queue.ClaimAsync("worker-a", [kind], 1, Lease, default);

        var status = await Queue.FailAsync(job.Id, "worker-a", "TimeoutException: the blob store did not answer", TimeSpan.FromHours(1), default);
        var waiting = await Queue.GetAsync(job.Id, default);
        var tooEarly = await Queue.ClaimAsync("worker-b", [kind], 1, Lease, default);
        await ExecuteAsync("UPDATE jobs SET run_after = now() - interval '1 second' WHERE id = $1", job.Id);
        var retried = Assert.Single(await Queue.ClaimAsync("worker-b", [kind], 1, Lease, default));

        Assert.Equal(JobStatus.Failed, status);
        Assert.Equal("TimeoutException: the blob store did not answer", waiting!.LastError);
        Assert.True(waiting.RunAfter > waiting.StartedAt!.Value.AddMinutes(59));
        Assert.Empty(tooEarly);
        Assert.Equal(2, retried.Attempt);
    }

    [Fact]
    public async Task A_job_dies_after_its_last_attempt_and_an_operator_can_queue_it_again()
    {
        var kind = NewKind();
        var job = await Queue.EnqueueAsync(new NewJob(kind, "{}", null, MaxAttempts: 1), default);
        await Queue.ClaimAsync("worker-a", [kind], 1, Lease, default);

        var status = await Queue.FailAsync(job.Id, "worker-a", "InvalidDataException: bad", TimeSpan.FromSeconds(1), default);
        var requeued = await Queue.RequeueAsync(job.Id, default);

        Assert.Equal(JobStatus.Dead, status);
        Assert.Equal((JobStatus.Queued, 0), (requeued.Status, requeued.Attempts));
        Assert.Single(await Queue.ClaimAsync("worker-a", [kind], 1, Lease, default));
    }

    [Fact]
    public async Task A_permanent_failure_dies_at_once()
    {
        var kind = NewKind();
        var job = await Queue.EnqueueAsync(new NewJob(kind, "{}", null, MaxAttempts: 5), default);
        await Queue.ClaimAsync("worker-a", [kind], 1, Lease, default);

        Assert.Equal(JobStatus.Dead, await Queue.FailAsync(job.Id, "worker-a", "PermanentJobFailureException: no such model", retryAfter: null, default));
    }

    [Fact]
    public async Task A_lease_that_expires_is_claimed_again_by_another_worker_and_the_first_can_no_longer_finish()
    {
        var kind = NewKind();
        var job = await Queue.EnqueueAsync(new NewJob(kind, "{}", null), default);
        await Queue.ClaimAsync("worker-a", [kind], 1, Lease, default);
        Assert.True(await Queue.RenewLeaseAsync(job.Id, "worker-a", Lease, default));

        await ExpireLeaseAsync(job.Id);
        var reclaimed = Assert.Single(await Queue.ClaimAsync("worker-b", [kind], 1, Lease, default));

        Assert.Equal(2, reclaimed.Attempt);
        Assert.False(await Queue.RenewLeaseAsync(job.Id, "worker-a", Lease, default));
        var lost = await Assert.ThrowsAsync<JobLeaseLostException>(() => Queue.CompleteAsync(job.Id, "worker-a", default));
        Assert.Equal($"Worker worker-a no longer holds the lease of job {job.Id}; worker worker-b holds it now", lost.Message);
        await Assert.ThrowsAsync<JobLeaseLostException>(() => Queue.FailAsync(job.Id, "worker-a", "x", TimeSpan.Zero, default));
        await Queue.CompleteAsync(job.Id, "worker-b", default);
    }

    [Fact]
    public async Task A_lease_that_expires_during_the_last_attempt_kills_the_job_instead_of_running_it_again()
    {
        var kind = NewKind();
        var job = await Queue.EnqueueAsync(new NewJob(kind, "{}", null, MaxAttempts: 1), default);
        await Queue.ClaimAsync("worker-a", [kind], 1, Lease, default);

        await ExpireLeaseAsync(job.Id);
        var claimed = await Queue.ClaimAsync("worker-b", [kind], 1, Lease, default);

        Assert.Empty(claimed);
        var dead = await Queue.GetAsync(job.Id, default);
        Assert.Equal((JobStatus.Dead, 1), (dead!.Status, dead.Attempts));
        Assert.Contains("stopped renewing its lease", dead.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Illegal_transitions_are_rejected_with_the_jobs_status_named()
    {
        var kind = NewKind();
        var job = await Queue.EnqueueAsync(new NewJob(kind, "{}", null), default);

        var completeQueued = await Assert.ThrowsAsync<InvalidJobTransitionException>(() => Queue.CompleteAsync(job.Id, "worker-a", default));
        var requeueQueued = await Assert.ThrowsAsync<InvalidJobTransitionException>(() => Queue.RequeueAsync(job.Id, default));
        await Queue.ClaimAsync("worker-a", [kind], 1, Lease, default);
        var requeueRunning = await Assert.ThrowsAsync<InvalidJobTransitionException>(() => Queue.RequeueAsync(job.Id, default));
        await Queue.CompleteAsync(job.Id, "worker-a", default);
        var completeTwice = await Assert.ThrowsAsync<InvalidJobTransitionException>(() => Queue.CompleteAsync(job.Id, "worker-a", default));
        var failSucceeded = await Assert.ThrowsAsync<InvalidJobTransitionException>(() => Queue.FailAsync(job.Id, "worker-a", "x", TimeSpan.Zero, default));

        Assert.Equal($"Job {job.Id} is queued; it cannot succeed (allowed: be claimed)", completeQueued.Message);
        Assert.Equal($"Job {job.Id} is queued; it cannot be queued again (allowed: be claimed)", requeueQueued.Message);
        Assert.Equal($"Job {job.Id} is running; it cannot be queued again (allowed: be claimed, succeed, be retried, die)", requeueRunning.Message);
        Assert.Equal($"Job {job.Id} is succeeded; it cannot succeed (allowed: nothing, the status is final)", completeTwice.Message);
        Assert.Equal(JobEvent.Retry, failSucceeded.Attempted);
        await Assert.ThrowsAsync<NotFoundException>(() => Queue.CompleteAsync(Guid.NewGuid(), "worker-a", default));
    }

    [Fact]
    public async Task The_database_refuses_a_status_outside_the_life_cycle()
    {
        var job = await Queue.EnqueueAsync(new NewJob(NewKind(), "{}", null), default);

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("UPDATE jobs SET status = 'paused' WHERE id = $1", job.Id));

        Assert.Equal("ck_jobs_status", error.ConstraintName);
    }

    [Fact]
    public async Task The_queue_state_counts_the_jobs_that_could_run_now()
    {
        var kind = NewKind();
        await Queue.EnqueueAsync(new NewJob(kind, "{}", null), default);
        await Queue.EnqueueAsync(new NewJob(kind, "{}", null), default);
        var running = await Queue.EnqueueAsync(new NewJob(kind, "{}", null, Priority: 9), default);
        await Queue.ClaimAsync("worker-a", [kind], 1, Lease, default);

        var state = Assert.Single(await Queue.GetQueueStateAsync([kind], default));

        Assert.Equal((kind, 2L), (state.Kind, state.Waiting));
        Assert.True(state.OldestWaiting >= TimeSpan.Zero);
        Assert.Equal(JobStatus.Running, (await Queue.GetAsync(running.Id, default))!.Status);
    }

    /// <summary>Each test its own kind, so the tests of this class never claim each other's jobs.</summary>
    private static string NewKind() => $"test-{Guid.NewGuid():N}"[..32];

    private Task ExpireLeaseAsync(Guid jobId) =>
        ExecuteAsync("UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1", jobId);

    private async Task ExecuteAsync(string sql, Guid jobId)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = jobId });
        await command.ExecuteNonQueryAsync();
    }
}

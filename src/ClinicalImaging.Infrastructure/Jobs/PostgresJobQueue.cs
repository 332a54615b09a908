using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Jobs;
using ClinicalImaging.Domain.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace ClinicalImaging.Infrastructure.Jobs;

/// <summary>
/// The job queue in PostgreSQL (migration 0009). Claims are <c>UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)</c>:
/// concurrent claimers skip each other's rows instead of waiting, so no two workers take one job. Every change is one
/// conditional UPDATE whose WHERE clause is the transition's precondition (status and lease owner); when it changes
/// nothing, the row is read to say why. Lease times use the database clock, so workers' clocks need not agree.
/// </summary>
public sealed class PostgresJobQueue(NpgsqlDataSource dataSource) : IJobQueue
{
    private const string Columns =
        "id, kind, status, priority, attempts, max_attempts, run_after, lease_owner, lease_expires_at, last_error, created_at, started_at, finished_at, payload::text";

    public async Task<JobView> EnqueueAsync(NewJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(job.Kind);
        ArgumentOutOfRangeException.ThrowIfLessThan(job.MaxAttempts, 1);
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO jobs (id, kind, payload, status, priority, attempts, max_attempts, run_after, dedupe_key, created_at, updated_at)
            VALUES ($1, $2, $3::jsonb, 'queued', $4, 0, $5, now(), $6, now(), now())
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING {Columns}
            """);
        command.Parameters.Add(new() { Value = Guid.CreateVersion7() });
        command.Parameters.Add(new() { Value = job.Kind });
        command.Parameters.Add(new() { Value = job.Payload });
        command.Parameters.Add(new() { Value = job.Priority });
        command.Parameters.Add(new() { Value = job.MaxAttempts });
        command.Parameters.Add(new() { Value = (object?)job.DedupeKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        var inserted = await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
        if (inserted is not null)
        {
            return inserted;
        }

        var existing = await FindByDedupeKeyAsync(job.DedupeKey!, cancellationToken).ConfigureAwait(false);
        // The same work asked for again after it died: give it a fresh set of attempts.
        return existing.Status == JobStatus.Dead ? await RequeueAsync(existing.Id, cancellationToken).ConfigureAwait(false) : existing;
    }

    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(
        string workerId, IReadOnlyCollection<string> kinds, int maxJobs, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxJobs, 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // A job whose worker vanished during its last attempt dies rather than running beyond max_attempts.
        await using (var reap = new NpgsqlCommand("""
            UPDATE jobs SET status = 'dead', lease_owner = NULL, lease_expires_at = NULL, finished_at = now(), updated_at = now(),
                            last_error = 'The worker stopped renewing its lease during the last attempt (crashed or stalled)'
            WHERE id IN (SELECT id FROM jobs
                         WHERE status = 'running' AND lease_expires_at < now() AND attempts >= max_attempts AND kind = ANY($1)
                         FOR UPDATE SKIP LOCKED)
            """, connection, transaction))
        {
            reap.Parameters.Add(new() { Value = kinds.ToArray() });
            await reap.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // RETURNING has no order of its own: the outer SELECT hands the jobs back best first.
        await using var claim = new NpgsqlCommand("""
            WITH claimed AS (
                UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_owner = $2, lease_expires_at = now() + $3,
                                started_at = now(), updated_at = now()
                WHERE id IN (SELECT id FROM jobs
                             WHERE kind = ANY($1)
                               AND ((status IN ('queued', 'failed') AND run_after <= now())
                                    OR (status = 'running' AND lease_expires_at < now()))
                             ORDER BY priority DESC, run_after, id
                             LIMIT $4
                             FOR UPDATE SKIP LOCKED)
                RETURNING id, kind, payload::text AS payload, attempts, max_attempts, created_at, priority, run_after)
            SELECT id, kind, payload, attempts, max_attempts, created_at FROM claimed ORDER BY priority DESC, run_after, id
            """, connection, transaction);
        claim.Parameters.Add(new() { Value = kinds.ToArray() });
        claim.Parameters.Add(new() { Value = workerId });
        claim.Parameters.Add(new() { Value = lease });
        claim.Parameters.Add(new() { Value = maxJobs });
        var claimed = new List<ClaimedJob>();
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed.Add(new ClaimedJob(
                    reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4),
                    reader.GetFieldValue<DateTimeOffset>(5), workerId));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return claimed;
    }

    public async Task<bool> RenewLeaseAsync(Guid jobId, string workerId, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE jobs SET lease_expires_at = now() + $3, updated_at = now()
            WHERE id = $1 AND status = 'running' AND lease_owner = $2
            """);
        command.Parameters.Add(new() { Value = jobId });
        command.Parameters.Add(new() { Value = workerId });
        command.Parameters.Add(new() { Value = lease });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task CompleteAsync(Guid jobId, string workerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE jobs SET status = 'succeeded', lease_owner = NULL, lease_expires_at = NULL, last_error = NULL,
                            finished_at = now(), updated_at = now()
            WHERE id = $1 AND status = 'running' AND lease_owner = $2
            """);
        command.Parameters.Add(new() { Value = jobId });
        command.Parameters.Add(new() { Value = workerId });
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw await RefusalAsync(jobId, workerId, JobEvent.Succeed, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<JobStatus> FailAsync(Guid jobId, string workerId, string error, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        await using var command = dataSource.CreateCommand("""
            UPDATE jobs SET
                status = CASE WHEN $4::interval IS NULL OR attempts >= max_attempts THEN 'dead' ELSE 'failed' END,
                run_after = CASE WHEN $4::interval IS NULL OR attempts >= max_attempts THEN run_after ELSE now() + $4::interval END,
                finished_at = CASE WHEN $4::interval IS NULL OR attempts >= max_attempts THEN now() END,
                lease_owner = NULL, lease_expires_at = NULL, last_error = $3, updated_at = now()
            WHERE id = $1 AND status = 'running' AND lease_owner = $2
            RETURNING status
            """);
        command.Parameters.Add(new() { Value = jobId });
        command.Parameters.Add(new() { Value = workerId });
        command.Parameters.Add(new() { Value = error });
        command.Parameters.Add(new() { Value = retryAfter.HasValue ? retryAfter.Value : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Interval });
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string status)
        {
            return JobStatusNames.Parse(status);
        }

        throw await RefusalAsync(jobId, workerId, retryAfter is null ? JobEvent.Die : JobEvent.Retry, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JobView> RequeueAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE jobs SET status = 'queued', attempts = 0, run_after = now(), finished_at = NULL, updated_at = now()
            WHERE id = $1 AND status = 'dead'
            RETURNING {Columns}
            """);
        command.Parameters.Add(new() { Value = jobId });
        var requeued = await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
        if (requeued is not null)
        {
            return requeued;
        }

        throw await RefusalAsync(jobId, null, JobEvent.Requeue, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JobView?> GetAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM jobs WHERE id = $1");
        command.Parameters.Add(new() { Value = jobId });
        return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<QueueState>> GetQueueStateAsync(IReadOnlyCollection<string> kinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        await using var command = dataSource.CreateCommand("""
            SELECT k.kind, count(j.id), coalesce(extract(epoch FROM now() - min(j.run_after)), 0)::double precision
            FROM unnest($1::text[]) AS k(kind)
            LEFT JOIN jobs j ON j.kind = k.kind AND j.status IN ('queued', 'failed') AND j.run_after <= now()
            GROUP BY k.kind
            """);
        command.Parameters.Add(new() { Value = kinds.ToArray() });
        var states = new List<QueueState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            states.Add(new QueueState(reader.GetString(0), reader.GetInt64(1), TimeSpan.FromSeconds(reader.GetDouble(2))));
        }

        return states;
    }

    /// <summary>
    /// Why a conditional UPDATE changed nothing: the job is missing, its status does not allow the event, or (the status
    /// allows it) another worker holds the lease.
    /// </summary>
    private async Task<Exception> RefusalAsync(Guid jobId, string? workerId, JobEvent attempted, CancellationToken cancellationToken)
    {
        var current = await GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return new NotFoundException($"No job {jobId}");
        }

        if (JobStateMachine.Next(current.Status, attempted) is null)
        {
            return new InvalidJobTransitionException(jobId, current.Status, attempted, JobStateMachine.AllowedFrom(current.Status));
        }

        return workerId is null
            ? new ConflictException($"Job {jobId} changed while it was being queued again; try again", "job-changed")
            : new JobLeaseLostException(jobId, workerId, current.LeaseOwner);
    }

    private async Task<JobView> FindByDedupeKeyAsync(string dedupeKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM jobs WHERE dedupe_key = $1");
        command.Parameters.Add(new() { Value = dedupeKey });
        return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The job with dedupe key {dedupeKey} vanished while it was being queued");
    }

    private static async Task<JobView?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new JobView(
            reader.GetGuid(0),
            reader.GetString(1),
            JobStatusNames.Parse(reader.GetString(2)),
            reader.GetInt32(3),
            reader.GetInt32(4),
            reader.GetInt32(5),
            reader.GetFieldValue<DateTimeOffset>(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
            reader.IsDBNull(9) ? null : reader.GetString(9),
            reader.GetFieldValue<DateTimeOffset>(10),
            reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
            reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
            reader.GetString(13));
    }
}

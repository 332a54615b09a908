using ClinicalImaging.Domain.Jobs;

namespace ClinicalImaging.Application.Jobs;

/// <summary>Work to queue.</summary>
/// <param name="Kind">What the payload means; a worker runs it with the <see cref="IJobHandler"/> of this kind.</param>
/// <param name="Payload">JSON: ids and options, never patient data.</param>
/// <param name="DedupeKey">Queuing a second job with the same key finds the first instead (null: never deduplicated).</param>
/// <param name="Priority">Higher runs first.</param>
/// <param name="MaxAttempts">Attempts before the job is dead.</param>
public sealed record NewJob(string Kind, string Payload, string? DedupeKey, int Priority = 0, int MaxAttempts = 5);

/// <summary>A job as a worker holds it while its lease lasts.</summary>
/// <param name="Attempt">This attempt's number, from 1.</param>
public sealed record ClaimedJob(Guid Id, string Kind, string Payload, int Attempt, int MaxAttempts, DateTimeOffset CreatedAt, string LeaseOwner);

/// <summary>A job as the API shows it.</summary>
public sealed record JobView(
    Guid Id,
    string Kind,
    JobStatus Status,
    int Priority,
    int Attempts,
    int MaxAttempts,
    DateTimeOffset RunAfter,
    string? LeaseOwner,
    DateTimeOffset? LeaseExpiresAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string Payload);

/// <summary>Jobs of one kind that could run now, and how long the oldest has waited.</summary>
public sealed record QueueState(string Kind, long Waiting, TimeSpan OldestWaiting);

/// <summary>
/// The durable job queue. Every method is safe with any number of workers in any number of processes: a job is leased
/// to one worker at a time, a lease not renewed expires and the job is claimed again, and a worker whose lease was
/// lost (it stalled past expiry and another worker took the job) can no longer complete or fail it.
/// </summary>
public interface IJobQueue
{
    /// <summary>Queues the job, or, when its dedupe key is taken, returns the existing job (a dead one is queued again).</summary>
    Task<JobView> EnqueueAsync(NewJob job, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="maxJobs"/> runnable jobs of <paramref name="kinds"/> to <paramref name="workerId"/>,
    /// highest priority first: queued jobs, failed jobs whose backoff has passed and running jobs whose lease expired.
    /// Running jobs whose lease expired on their last attempt die here instead.
    /// </summary>
    Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string workerId, IReadOnlyCollection<string> kinds, int maxJobs, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends the lease; false when <paramref name="workerId"/> no longer holds it.</summary>
    Task<bool> RenewLeaseAsync(Guid jobId, string workerId, TimeSpan lease, CancellationToken cancellationToken);

    /// <exception cref="InvalidJobTransitionException">The job is not running.</exception>
    /// <exception cref="JobLeaseLostException">Another worker holds the job now.</exception>
    Task CompleteAsync(Guid jobId, string workerId, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt: run again after <paramref name="retryAfter"/>, or dead when that is null or no attempts remain.</summary>
    /// <returns>The job's status afterwards: <see cref="JobStatus.Failed"/> or <see cref="JobStatus.Dead"/>.</returns>
    /// <exception cref="InvalidJobTransitionException">The job is not running.</exception>
    /// <exception cref="JobLeaseLostException">Another worker holds the job now.</exception>
    Task<JobStatus> FailAsync(Guid jobId, string workerId, string error, TimeSpan? retryAfter, CancellationToken cancellationToken);

    /// <summary>Queues a dead job again with its attempts reset.</summary>
    /// <exception cref="InvalidJobTransitionException">The job is not dead.</exception>
    Task<JobView> RequeueAsync(Guid jobId, CancellationToken cancellationToken);

    Task<JobView?> GetAsync(Guid jobId, CancellationToken cancellationToken);

    /// <summary>For each of <paramref name="kinds"/>, the jobs that could run now.</summary>
    Task<IReadOnlyList<QueueState>> GetQueueStateAsync(IReadOnlyCollection<string> kinds, CancellationToken cancellationToken);
}

/// <summary>A worker tried to finish a job whose lease it no longer holds (it stalled and another worker took the job).</summary>
public sealed class JobLeaseLostException : Exception
{
    public JobLeaseLostException(Guid jobId, string workerId, string? currentOwner)
        : base($"Worker {workerId} no longer holds the lease of job {jobId}; {(currentOwner is null ? "nobody" : $"worker {currentOwner}")} holds it now")
    {
    }

    public JobLeaseLostException() { }

    public JobLeaseLostException(string message) : base(message) { }

    public JobLeaseLostException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A job handler's failure that another attempt cannot fix (the instance was deleted, no model fits): the job dies at once.</summary>
public sealed class PermanentJobFailureException : Exception
{
    public PermanentJobFailureException() { }

    public PermanentJobFailureException(string message) : base(message) { }

    public PermanentJobFailureException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>Runs jobs of one kind. Handlers must be idempotent: a job may run again after a crash mid-run.</summary>
public interface IJobHandler
{
    string Kind { get; }

    /// <param name="cancellationToken">Cancelled when the host stops or the worker loses the job's lease.</param>
    Task HandleAsync(ClaimedJob job, CancellationToken cancellationToken);
}

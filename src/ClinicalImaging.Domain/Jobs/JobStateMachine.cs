using System.Collections.Frozen;
using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Jobs;

/// <summary>What happens to a job; each is one transition of <see cref="JobStateMachine"/>.</summary>
public enum JobEvent
{
    /// <summary>A worker takes a queued job, a failed job whose backoff has passed, or a running job whose lease expired.</summary>
    Claim,

    /// <summary>The leaseholder finished the work.</summary>
    Succeed,

    /// <summary>The leaseholder's attempt failed and attempts remain: run again after a backoff.</summary>
    Retry,

    /// <summary>The attempt failed for good, or the last attempt failed (or its worker vanished).</summary>
    Die,

    /// <summary>An operator queues a dead job again (attempts start over).</summary>
    Requeue,
}

/// <summary>
/// The job life cycle. Every change of <c>jobs.status</c> is one of these transitions; the queue's SQL states the same
/// rules in its WHERE clauses, and when such an UPDATE finds nothing to change the queue explains why through
/// <see cref="EnsureAllowed"/>.
/// <code>
/// queued ──claim──► running ──succeed──► succeeded
///   ▲       failed ──claim──┘  │ ▲ claim (lease expired)
///   │          ▲── retry ──────┤ └──┘
///   └─requeue── dead ◄── die ──┘
/// </code>
/// </summary>
public static class JobStateMachine
{
    private static readonly FrozenDictionary<(JobStatus From, JobEvent Event), JobStatus> Transitions =
        new Dictionary<(JobStatus, JobEvent), JobStatus>
        {
            [(JobStatus.Queued, JobEvent.Claim)] = JobStatus.Running,
            [(JobStatus.Failed, JobEvent.Claim)] = JobStatus.Running,
            [(JobStatus.Running, JobEvent.Claim)] = JobStatus.Running,
            [(JobStatus.Running, JobEvent.Succeed)] = JobStatus.Succeeded,
            [(JobStatus.Running, JobEvent.Retry)] = JobStatus.Failed,
            [(JobStatus.Running, JobEvent.Die)] = JobStatus.Dead,
            [(JobStatus.Dead, JobEvent.Requeue)] = JobStatus.Queued,
        }.ToFrozenDictionary();

    /// <summary>The status after <paramref name="jobEvent"/>, or null when the event is not allowed from <paramref name="from"/>.</summary>
    public static JobStatus? Next(JobStatus from, JobEvent jobEvent) =>
        Transitions.TryGetValue((from, jobEvent), out var to) ? to : null;

    /// <summary>The status after <paramref name="jobEvent"/>.</summary>
    /// <exception cref="InvalidJobTransitionException">The event is not allowed in <paramref name="from"/>.</exception>
    public static JobStatus EnsureAllowed(Guid jobId, JobStatus from, JobEvent jobEvent) =>
        Next(from, jobEvent) ?? throw new InvalidJobTransitionException(jobId, from, jobEvent, AllowedFrom(from));

    /// <summary>The events allowed in <paramref name="status"/>.</summary>
    public static IReadOnlyList<JobEvent> AllowedFrom(JobStatus status) =>
        Enum.GetValues<JobEvent>().Where(e => Transitions.ContainsKey((status, e))).ToArray();
}

/// <summary>A job was asked to do something its status does not allow. The message names the job, its status and what is allowed.</summary>
public sealed class InvalidJobTransitionException : DomainException
{
    public InvalidJobTransitionException(Guid jobId, JobStatus status, JobEvent attempted, IReadOnlyList<JobEvent> allowed)
        : base($"Job {jobId} is {status.ToName()}; it cannot {Verb(attempted)} (allowed: {(allowed.Count == 0 ? "nothing, the status is final" : string.Join(", ", allowed.Select(Verb)))})")
    {
        JobId = jobId;
        Status = status;
        Attempted = attempted;
    }

    public InvalidJobTransitionException() { }

    public InvalidJobTransitionException(string message) : base(message) { }

    public InvalidJobTransitionException(string message, Exception innerException) : base(message, innerException) { }

    public Guid JobId { get; }

    public JobStatus Status { get; }

    public JobEvent Attempted { get; }

    private static string Verb(JobEvent jobEvent) => jobEvent switch
    {
        JobEvent.Claim => "be claimed",
        JobEvent.Succeed => "succeed",
        JobEvent.Retry => "be retried",
        JobEvent.Die => "die",
        JobEvent.Requeue => "be queued again",
        _ => jobEvent.ToString(),
    };
}

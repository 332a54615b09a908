namespace ClinicalImaging.Domain.Jobs;

/// <summary>Where a job is in its life (transitions: <see cref="JobStateMachine"/>).</summary>
public enum JobStatus
{
    /// <summary>Waiting for its first run, or queued again by an operator after it died.</summary>
    Queued,

    /// <summary>Leased by one worker until its lease expires; a worker that stops renewing loses it.</summary>
    Running,

    /// <summary>Done. Final.</summary>
    Succeeded,

    /// <summary>An attempt failed; it runs again after its backoff, while attempts remain.</summary>
    Failed,

    /// <summary>Out of attempts, or failed in a way a retry cannot fix. Stays until an operator queues it again.</summary>
    Dead,
}

/// <summary>The lower-case names stored in <c>jobs.status</c> and shown by the API.</summary>
public static class JobStatusNames
{
    public static string ToName(this JobStatus status) => status switch
    {
        JobStatus.Queued => "queued",
        JobStatus.Running => "running",
        JobStatus.Succeeded => "succeeded",
        JobStatus.Failed => "failed",
        JobStatus.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a job status"),
    };

    public static JobStatus Parse(string name) => name switch
    {
        "queued" => JobStatus.Queued,
        "running" => JobStatus.Running,
        "succeeded" => JobStatus.Succeeded,
        "failed" => JobStatus.Failed,
        "dead" => JobStatus.Dead,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a job status"),
    };
}

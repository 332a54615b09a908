namespace ClinicalImaging.Application.Jobs;

/// <summary>Configuration section <c>Jobs:Worker</c> (docs/workflow.md).</summary>
public sealed class JobWorkerOptions
{
    public const string Section = "Jobs:Worker";

    /// <summary>Jobs one process runs at once. Inference is CPU-bound and ONNX Runtime already uses every core: keep it small.</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>How long an idle worker waits before it asks the queue again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claim lasts without renewal; a crashed worker's job is claimed again this long after its last renewal.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a running job's lease is renewed; well under <see cref="LeaseDuration"/>.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The backoff after the first failed attempt; it doubles with every further attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest backoff.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Names this process in <c>jobs.lease_owner</c>; null: host name, process id and a random suffix.</summary>
    public string? WorkerId { get; set; }

    /// <summary>Refuses settings under which leases would expire while their worker is alive.</summary>
    public void Validate()
    {
        if (Concurrency < 1)
        {
            throw new InvalidOperationException($"{Section}:Concurrency is {Concurrency}; at least 1 is needed");
        }

        if (PollInterval <= TimeSpan.Zero || RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            throw new InvalidOperationException($"{Section}: PollInterval must be positive and RetryMaxDelay at least RetryBaseDelay");
        }

        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval * 2 > LeaseDuration)
        {
            throw new InvalidOperationException(
                $"{Section}:HeartbeatInterval ({HeartbeatInterval}) must be positive and at most half of LeaseDuration ({LeaseDuration}), so that a live worker renews its lease in time");
        }
    }
}

using System.Diagnostics.Metrics;
using ClinicalImaging.Application.Common;

namespace ClinicalImaging.Application.Jobs;

/// <summary>
/// The job queue's meter (process-wide, see <see cref="ApplicationMetrics"/>). The worker records the queue's state each
/// time it polls, so the gauges show the last state a worker saw; with many workers, every replica reports the same
/// queue (aggregate with <c>max</c>). Tags: the job kind (a constant such as <c>analyze-instance</c>) and a coarse
/// outcome, never a job id.
/// </summary>
public static class JobQueueMetrics
{
    public const string MeterName = "ClinicalImaging.Jobs";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Gauge<long> Depth =
        Meter.CreateGauge<long>("job_queue_depth", unit: null, description: "Jobs waiting to run, by queue");

    private static readonly Gauge<double> OldestAge =
        Meter.CreateGauge<double>("job_queue_oldest_age_seconds", unit: "s", description: "Age of the oldest waiting job, by queue (0 when empty)");

    private static readonly Counter<long> Attempts =
        Meter.CreateCounter<long>("job_attempts_total", unit: null, description: "Job attempts finished, by queue and outcome (succeeded, retry, dead, lease_lost)");

    private static readonly Histogram<double> AttemptDuration = Meter.CreateHistogram<double>(
        "job_attempt_duration_seconds",
        unit: "s",
        description: "Duration of one job attempt, by queue and outcome",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.InferenceSeconds });

    /// <param name="queue">The queue's name (a constant such as <c>inference</c>), never a job id.</param>
    /// <param name="waitingJobs">Jobs waiting to run.</param>
    /// <param name="oldestWaiting">How long the oldest waiting job has waited (zero when none waits).</param>
    public static void RecordQueueState(string queue, long waitingJobs, TimeSpan oldestWaiting)
    {
        var queueTag = new KeyValuePair<string, object?>("queue", queue);
        Depth.Record(waitingJobs, queueTag);
        OldestAge.Record(oldestWaiting.TotalSeconds, queueTag);
    }

    /// <param name="queue">The job kind.</param>
    /// <param name="outcome"><c>succeeded</c>, <c>retry</c>, <c>dead</c> or <c>lease_lost</c>.</param>
    public static void RecordAttempt(string queue, string outcome, TimeSpan duration)
    {
        var queueTag = new KeyValuePair<string, object?>("queue", queue);
        var outcomeTag = new KeyValuePair<string, object?>("outcome", outcome);
        Attempts.Add(1, queueTag, outcomeTag);
        AttemptDuration.Record(duration.TotalSeconds, queueTag, outcomeTag);
    }
}

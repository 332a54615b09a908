using System.Diagnostics.Metrics;
using ClinicalImaging.Application.Common;

namespace ClinicalImaging.Application.Jobs;

/// <summary>
/// The job queue's meter (process-wide, see <see cref="ApplicationMetrics"/>). The worker records the queue's state each
/// time it polls, so the gauges show the last state a worker saw; with many workers, every replica reports the same
/// queue (aggregate with <c>max</c>).
/// </summary>
public static class JobQueueMetrics
{
    public const string MeterName = "ClinicalImaging.Jobs";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Gauge<long> Depth =
        Meter.CreateGauge<long>("job_queue_depth", unit: null, description: "Jobs waiting to run, by queue");

    private static readonly Gauge<double> OldestAge =
        Meter.CreateGauge<double>("job_queue_oldest_age_seconds", unit: "s", description: "Age of the oldest waiting job, by queue (0 when empty)");

    /// <param name="queue">The queue's name (a constant such as <c>inference</c>), never a job id.</param>
    /// <param name="waitingJobs">Jobs waiting to run.</param>
    /// <param name="oldestWaiting">How long the oldest waiting job has waited (zero when none waits).</param>
    public static void RecordQueueState(string queue, long waitingJobs, TimeSpan oldestWaiting)
    {
        var queueTag = new KeyValuePair<string, object?>("queue", queue);
        Depth.Record(waitingJobs, queueTag);
        OldestAge.Record(oldestWaiting.TotalSeconds, queueTag);
    }
}

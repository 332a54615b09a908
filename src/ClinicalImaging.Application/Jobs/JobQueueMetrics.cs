using System.Diagnostics.Metrics;

namespace ClinicalImaging.Application.Jobs;

/// <summary>
/// The job queue's meter. The worker records the queue's state each time it polls, so the gauges show the last
/// state a worker saw; with many workers, every replica reports the same queue (aggregate with <c>max</c>).
/// </summary>
public sealed class JobQueueMetrics : IDisposable
{
    public const string MeterName = "ClinicalImaging.Jobs";

    private readonly Meter _meter;
    private readonly Gauge<long> _depth;
    private readonly Gauge<double> _oldestAge;

    public JobQueueMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _depth = _meter.CreateGauge<long>("job_queue_depth", unit: null, description: "Jobs waiting to run, by queue");
        _oldestAge = _meter.CreateGauge<double>("job_queue_oldest_age_seconds", unit: "s", description: "Age of the oldest waiting job, by queue (0 when empty)");
    }

    /// <param name="queue">The queue's name (a constant such as <c>inference</c>), never a job id.</param>
    public void RecordQueueState(string queue, long waitingJobs, TimeSpan oldestWaiting)
    {
        var queueTag = new KeyValuePair<string, object?>("queue", queue);
        _depth.Record(waitingJobs, queueTag);
        _oldestAge.Record(oldestWaiting.TotalSeconds, queueTag);
    }

    public void Dispose() => _meter.Dispose();
}

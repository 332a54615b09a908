using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ClinicalImaging.Infrastructure.Telemetry;

/// <summary>
/// The standard Prometheus process metrics (the names every process dashboard expects), observed at each collection;
/// process-wide, created once by <see cref="EnsureCreated"/>. The runtime's own <c>System.Runtime</c> meter covers GC,
/// JIT, locks and exceptions; it publishes the thread pool's thread count and queue length as monotonic counters
/// (dotnet/runtime#126167), so the two gauges are here too.
/// </summary>
public static class ProcessMetrics
{
    public const string MeterName = "ClinicalImaging.Process";

    private static readonly Meter Meter = CreateMeter();

    /// <summary>Creates the instruments if this is the first call in the process.</summary>
    public static void EnsureCreated() => GC.KeepAlive(Meter);

    private static Meter CreateMeter()
    {
        var meter = new Meter(MeterName);
        double startTime;
        using (var process = Process.GetCurrentProcess())
        {
            startTime = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
        }

        meter.CreateObservableCounter("process_cpu_seconds_total", () => Environment.CpuUsage.TotalTime.TotalSeconds,
            unit: "s", description: "Total user and system CPU time spent in seconds.");
        meter.CreateObservableGauge("process_resident_memory_bytes", () => Environment.WorkingSet,
            unit: "By", description: "Resident memory size in bytes.");
        meter.CreateObservableGauge("process_start_time_seconds", () => startTime,
            unit: "s", description: "Start time of the process since unix epoch in seconds.");
        meter.CreateObservableGauge("dotnet_thread_pool_threads", () => ThreadPool.ThreadCount,
            unit: null, description: "Thread pool threads that currently exist.");
        meter.CreateObservableGauge("dotnet_thread_pool_pending_work_items", () => ThreadPool.PendingWorkItemCount,
            unit: null, description: "Work items queued to the thread pool and not yet started.");
        return meter;
    }
}

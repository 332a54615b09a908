using System.Diagnostics.Metrics;
using ClinicalImaging.Application.Common;

namespace ClinicalImaging.Application.Reports;

/// <summary>The reporting feature's meter (process-wide): turnaround and critical-finding communication, the quality targets' clocks.</summary>
public static class ReportMetrics
{
    public const string MeterName = "ClinicalImaging.Reports";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Turnaround = Meter.CreateHistogram<double>(
        "report_turnaround_seconds",
        unit: "s",
        description: "From the first image of an order's study arriving to its first signed report, by modality and priority",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.WorkflowSeconds });

    private static readonly Histogram<double> CriticalAcknowledgement = Meter.CreateHistogram<double>(
        "critical_notification_ack_seconds",
        unit: "s",
        description: "From a critical finding's notification (report signed) to the referring clinician's acknowledgement",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.WorkflowSeconds });

    private static readonly Counter<long> CriticalRaised =
        Meter.CreateCounter<long>("critical_notifications_total", unit: null, description: "Critical-finding notifications raised");

    public static void RecordTurnaround(TimeSpan turnaround, string modality, string priority) =>
        Turnaround.Record(turnaround.TotalSeconds, new KeyValuePair<string, object?>("modality", modality), new KeyValuePair<string, object?>("priority", priority));

    /// <param name="withinTarget">Whether the acknowledgement came before the notification's due time.</param>
    public static void RecordCriticalAcknowledgement(TimeSpan delay, bool withinTarget) =>
        CriticalAcknowledgement.Record(delay.TotalSeconds, new KeyValuePair<string, object?>("within_target", withinTarget ? "true" : "false"));

    public static void RecordCriticalRaised() => CriticalRaised.Add(1);
}

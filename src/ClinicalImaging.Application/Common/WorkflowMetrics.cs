using System.Diagnostics.Metrics;
using ClinicalImaging.Domain.Reviews;

namespace ClinicalImaging.Application.Common;

/// <summary>
/// The reading workflow's meter (process-wide), shared by reviews and reports: the clocks of the quality targets (AI
/// result to decision, first image to signed report, critical finding to acknowledgement) and how often radiologists
/// agree with the AI.
/// </summary>
public static class WorkflowMetrics
{
    public const string MeterName = "ClinicalImaging.Workflow";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> ReviewAfterAnalysis =
        WorkflowHistogram("review_after_analysis_seconds", "From an AI analysis completing to the radiologist's final decision on it");

    private static readonly Counter<long> Agreement = Meter.CreateCounter<long>(
        "ai_agreement_total", unit: null, description: "Final review decisions on AI results, by outcome (agree, disagree, modify); agreement rate = agree / all");

    private static readonly Histogram<double> ReportTurnaround =
        WorkflowHistogram("report_turnaround_seconds", "From the first image of an order's study arriving to its first signed report, by modality and priority");

    private static readonly Histogram<double> CriticalAcknowledgement =
        WorkflowHistogram("critical_notification_ack_seconds", "From a critical finding's notification (report signed) to the referring clinician's acknowledgement");

    private static readonly Counter<long> CriticalRaised =
        Meter.CreateCounter<long>("critical_notifications_total", unit: null, description: "Critical-finding notifications raised");

    public static void RecordReviewDecision(ReviewDecision decision, TimeSpan afterAnalysis)
    {
        ReviewAfterAnalysis.Record(Math.Max(0, afterAnalysis.TotalSeconds));
        Agreement.Add(1, new KeyValuePair<string, object?>("outcome", decision.ToString().ToLowerInvariant()));
    }

    public static void RecordReportTurnaround(TimeSpan turnaround, string modality, string priority) =>
        ReportTurnaround.Record(turnaround.TotalSeconds, new KeyValuePair<string, object?>("modality", modality), new KeyValuePair<string, object?>("priority", priority));

    /// <param name="withinTarget">Whether the acknowledgement came before the notification's due time.</param>
    public static void RecordCriticalAcknowledgement(TimeSpan delay, bool withinTarget) =>
        CriticalAcknowledgement.Record(delay.TotalSeconds, new KeyValuePair<string, object?>("within_target", withinTarget ? "true" : "false"));

    public static void RecordCriticalRaised() => CriticalRaised.Add(1);

    /// <summary>A delay in seconds with the workflow buckets (1 minute to 2 days; 30 minutes, the acknowledgement target, is a bound).</summary>
    private static Histogram<double> WorkflowHistogram(string name, string description) => Meter.CreateHistogram<double>(
        name, unit: "s", description: description, tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.WorkflowSeconds });
}

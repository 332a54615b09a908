using System.Diagnostics.Metrics;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Domain.Reviews;

namespace ClinicalImaging.Application.Reviews;

/// <summary>The review feature's meter (process-wide): how fast AI results are read, and how often radiologists agree with them.</summary>
public static class ReviewMetrics
{
    public const string MeterName = "ClinicalImaging.Reviews";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> AfterAnalysis = Meter.CreateHistogram<double>(
        "review_after_analysis_seconds",
        unit: "s",
        description: "From an AI analysis completing to the radiologist's final decision on it",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.WorkflowSeconds });

    private static readonly Counter<long> Agreement = Meter.CreateCounter<long>(
        "ai_agreement_total", unit: null, description: "Final review decisions on AI results, by outcome (agree, disagree, modify); agreement rate = agree / all");

    public static void RecordDecision(ReviewDecision decision, TimeSpan afterAnalysis)
    {
        AfterAnalysis.Record(Math.Max(0, afterAnalysis.TotalSeconds));
        Agreement.Add(1, new KeyValuePair<string, object?>("outcome", decision.ToString().ToLowerInvariant()));
    }
}

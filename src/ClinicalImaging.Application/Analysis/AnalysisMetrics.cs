using System.Diagnostics.Metrics;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Domain.Inference;

namespace ClinicalImaging.Application.Analysis;

/// <summary>
/// The analysis feature's meter (process-wide, see <see cref="ApplicationMetrics"/>): how long images wait for their
/// first result, and what triage made of the results. Tags: model id and priority, never an image or patient id.
/// </summary>
public static class AnalysisMetrics
{
    public const string MeterName = "ClinicalImaging.Analysis";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> IngestToResult = Meter.CreateHistogram<double>(
        "analysis_ingest_to_result_seconds",
        unit: "s",
        description: "Time from an instance's ingest to its stored inference result, by model",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.InferenceSeconds.Concat([300.0, 900, 3600]).ToArray() });

    private static readonly Counter<long> Results =
        Meter.CreateCounter<long>("analysis_results_total", unit: null, description: "Inference results stored, by model, triage priority and review flag");

    public static void RecordResult(string modelId, TriagePriority priority, bool needsReview, TimeSpan sinceIngest)
    {
        var model = new KeyValuePair<string, object?>("model", modelId);
        IngestToResult.Record(Math.Max(0, sinceIngest.TotalSeconds), model);
        Results.Add(1, model, new("priority", priority.ToName()), new("needs_review", needsReview ? "true" : "false"));
    }
}

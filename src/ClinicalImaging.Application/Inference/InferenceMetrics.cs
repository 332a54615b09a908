using System.Diagnostics.Metrics;
using ClinicalImaging.Application.Common;

namespace ClinicalImaging.Application.Inference;

/// <summary>
/// The inference feature's meter (process-wide, see <see cref="ApplicationMetrics"/>). Tags: the model id (bounded by the
/// models installed) and a coarse outcome; never an image, study or patient identifier.
/// </summary>
public static class InferenceMetrics
{
    public const string MeterName = "ClinicalImaging.Inference";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Inferences =
        Meter.CreateCounter<long>("ml_inferences_total", unit: null, description: "Model inferences run, by model and outcome");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "ml_inference_duration_seconds",
        unit: "s",
        description: "Duration of one inference (preprocessing, model run and explanation), by model and outcome",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.InferenceSeconds });

    /// <param name="modelId">The model's folder name under <c>models/</c>.</param>
    /// <param name="outcome"><c>success</c>, <c>error</c> or <c>cancelled</c>.</param>
    /// <param name="duration">Preprocessing, model run and explanation together.</param>
    public static void RecordInference(string modelId, string outcome, TimeSpan duration)
    {
        var model = new KeyValuePair<string, object?>("model", modelId);
        var result = new KeyValuePair<string, object?>("outcome", outcome);
        Inferences.Add(1, model, result);
        Duration.Record(duration.TotalSeconds, model, result);
    }
}

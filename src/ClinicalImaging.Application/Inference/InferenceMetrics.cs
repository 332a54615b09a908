using System.Diagnostics.Metrics;
using ClinicalImaging.Application.Common;

namespace ClinicalImaging.Application.Inference;

/// <summary>
/// The inference feature's meter. Tags: the model id (bounded by the models installed) and a coarse outcome;
/// never an image, study or patient identifier.
/// </summary>
public sealed class InferenceMetrics : IDisposable
{
    public const string MeterName = "ClinicalImaging.Inference";

    private readonly Meter _meter;
    private readonly Counter<long> _inferences;
    private readonly Histogram<double> _duration;

    public InferenceMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _inferences = _meter.CreateCounter<long>("ml_inferences_total", unit: null, description: "Model inferences run, by model and outcome");
        _duration = _meter.CreateHistogram<double>(
            "ml_inference_duration_seconds",
            unit: "s",
            description: "Duration of one inference (preprocessing, model run and explanation), by model and outcome",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.InferenceSeconds });
    }

    /// <param name="modelId">The model's folder name under <c>models/</c>.</param>
    /// <param name="outcome"><c>success</c>, <c>error</c> or <c>cancelled</c>.</param>
    public void RecordInference(string modelId, string outcome, TimeSpan duration)
    {
        var model = new KeyValuePair<string, object?>("model", modelId);
        var result = new KeyValuePair<string, object?>("outcome", outcome);
        _inferences.Add(1, model, result);
        _duration.Record(duration.TotalSeconds, model, result);
    }

    public void Dispose() => _meter.Dispose();
}

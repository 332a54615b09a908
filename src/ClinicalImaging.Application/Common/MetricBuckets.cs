namespace ClinicalImaging.Application.Common;

/// <summary>
/// Histogram bucket upper bounds (seconds), given to instruments as advice so every exporter uses the same buckets.
/// Chosen so that the SLO thresholds we alert on (100 ms, 500 ms, 1 s for requests; 5 s for inference) are bucket bounds.
/// </summary>
public static class MetricBuckets
{
    /// <summary>HTTP requests and use cases: 5 ms to 10 s.</summary>
    public static IReadOnlyList<double> RequestSeconds { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Model inference, preprocessing included: 10 ms to 2 min.</summary>
    public static IReadOnlyList<double> InferenceSeconds { get; } = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    /// <summary>Clinical workflow delays (review, report turnaround, critical-finding acknowledgement): 1 min to 2 days; 30 min is a bound.</summary>
    public static IReadOnlyList<double> WorkflowSeconds { get; } = [60, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400, 172800];
}

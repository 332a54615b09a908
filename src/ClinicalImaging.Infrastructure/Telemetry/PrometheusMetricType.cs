namespace ClinicalImaging.Infrastructure.Telemetry;

/// <summary>The metric types this exposition writes (the text format's <c># TYPE</c> values).</summary>
public enum PrometheusMetricType
{
    Counter,
    Gauge,
    Histogram,
}

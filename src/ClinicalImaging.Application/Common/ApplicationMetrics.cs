using System.Diagnostics.Metrics;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Application.Common;

/// <summary>
/// The application layer's meter: use-case durations by request type and coarse outcome (low-cardinality tags only).
/// Process-wide like every meter of ours (see docs/decisions/0601): the OpenTelemetry SDK merges instruments of the
/// same name from different Meter objects, so a per-container meter being disposed would silently end another's stream.
/// </summary>
public static class ApplicationMetrics
{
    public const string MeterName = "ClinicalImaging.Application";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "app_request_duration_seconds",
        unit: "s",
        description: "Duration of application use cases by request type and outcome",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.RequestSeconds });

    public static void RecordRequest(string requestType, string outcome, double seconds) =>
        RequestDuration.Record(seconds, new KeyValuePair<string, object?>("request", requestType), new KeyValuePair<string, object?>("outcome", outcome));

    public static string OutcomeOf(Exception exception) => exception switch
    {
        StateTransitionException => "conflict",
        RequestValidationException or DomainException => "invalid",
        NotFoundException => "not_found",
        ConflictException => "conflict",
        OperationCanceledException => "cancelled",
        _ => "error",
    };
}

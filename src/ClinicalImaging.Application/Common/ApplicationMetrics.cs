using System.Diagnostics.Metrics;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Application.Common;

/// <summary>The application layer's meter: one per feature area, low-cardinality tags only.</summary>
public sealed class ApplicationMetrics : IDisposable
{
    public const string MeterName = "ClinicalImaging.Application";

    private readonly Meter _meter;
    private readonly Histogram<double> _requestDuration;

    public ApplicationMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _requestDuration = _meter.CreateHistogram<double>(
            "app_request_duration_seconds",
            unit: "s",
            description: "Duration of application use cases by request type and outcome",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.RequestSeconds });
    }

    public void RecordRequest(string requestType, string outcome, double seconds) =>
        _requestDuration.Record(seconds, new KeyValuePair<string, object?>("request", requestType), new KeyValuePair<string, object?>("outcome", outcome));

    public static string OutcomeOf(Exception exception) => exception switch
    {
        RequestValidationException or DomainException => "invalid",
        NotFoundException => "not_found",
        ConflictException => "conflict",
        OperationCanceledException => "cancelled",
        _ => "error",
    };

    public void Dispose() => _meter.Dispose();
}

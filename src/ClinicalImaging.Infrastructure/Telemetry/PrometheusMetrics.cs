using System.Diagnostics.Metrics;
using System.Text;
using ClinicalImaging.Application.Common;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ClinicalImaging.Infrastructure.Telemetry;

/// <summary>
/// The process's metrics as a Prometheus scrape: an OpenTelemetry <see cref="MeterProvider"/> aggregates the
/// <see cref="TelemetrySources.Meters"/> (cumulative; past the SDK's 2000 series per metric, new label sets fold into one
/// <c>otel_metric_overflow="true"</c> series) and a pull reader renders one collection per scrape.
/// Create one per host; disposing it stops listening.
/// </summary>
public sealed class PrometheusMetrics : IDisposable
{
    private readonly PrometheusTextExporter _exporter = new();
    private readonly BaseExportingMetricReader _reader;
    private readonly MeterProvider _provider;
    private readonly Lock _scrapeLock = new();

    public PrometheusMetrics()
    {
        ProcessMetrics.EnsureCreated();
        _reader = new BaseExportingMetricReader(_exporter);
        var builder = Sdk.CreateMeterProviderBuilder();
        foreach (var meter in TelemetrySources.Meters)
        {
            builder.AddMeter(meter);
        }

        _provider = builder
            .AddView(SecondsHistogramWithoutAdvice)
            .AddReader(_reader)
            .Build() ?? throw new InvalidOperationException("The OpenTelemetry SDK did not build a meter provider");
    }

    /// <summary>One scrape in the text format 0.0.4 (<see cref="PrometheusTextFormat.ContentType"/>).</summary>
    public byte[] Scrape()
    {
        lock (_scrapeLock)
        {
            if (!_reader.Collect())
            {
                throw new InvalidOperationException("Metric collection failed or timed out");
            }

            return Encoding.UTF8.GetBytes(_exporter.Output.ToString());
        }
    }

    /// <summary>
    /// Histograms in seconds from libraries that give no bucket advice (Npgsql's) get request-style buckets instead of
    /// the SDK's millisecond-style defaults; our own instruments carry advice (<see cref="MetricBuckets"/>).
    /// </summary>
    private static ExplicitBucketHistogramConfiguration? SecondsHistogramWithoutAdvice(Instrument instrument) =>
        instrument is Histogram<double> { Unit: "s" } histogram && histogram.Advice?.HistogramBucketBoundaries is null
            ? new ExplicitBucketHistogramConfiguration { Boundaries = [.. MetricBuckets.RequestSeconds] }
            : null;

    public void Dispose()
    {
        _provider.Dispose();
        _reader.Dispose();
        _exporter.Dispose();
    }
}

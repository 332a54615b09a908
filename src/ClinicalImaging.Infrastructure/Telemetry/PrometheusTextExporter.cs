using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ClinicalImaging.Infrastructure.Telemetry;

/// <summary>
/// Writes one collection of the OpenTelemetry SDK's metric streams (cumulative) as Prometheus text into a buffer.
/// <see cref="PrometheusMetrics"/> triggers a collection per scrape and reads the buffer while it holds the scrape lock,
/// because the SDK hands out metric points only for the duration of <see cref="Export"/>. Nothing else triggers a
/// collection (a plain <see cref="BaseExportingMetricReader"/> has no timer). The class is deliberately not marked
/// <c>[ExportModes(Pull)]</c>: the SDK lets only its own Prometheus exporter collect in pull-only mode.
/// </summary>
internal sealed class PrometheusTextExporter : BaseExporter<Metric>
{
    // Tag keys repeat on every sample of every scrape; their label names are computed once (scrapes are serialised).
    private readonly Dictionary<string, string> _labelNames = new(StringComparer.Ordinal);

    public StringBuilder Output { get; } = new(capacity: 16 * 1024);

    public override ExportResult Export(in Batch<Metric> batch)
    {
        Output.Clear();
        // A family's HELP/TYPE lines appear once and its samples together, even when two streams map to one name;
        // a stream whose type differs from its family's is left out (one name, one type).
        var families = new Dictionary<string, (PrometheusMetricType Type, List<Metric> Metrics)>(StringComparer.Ordinal);
        foreach (var metric in batch)
        {
            if (PrometheusType(metric.MetricType) is not { } type)
            {
                continue;
            }

            var name = PrometheusTextFormat.MetricName(metric.Name, metric.Unit, type);
            if (!families.TryGetValue(name, out var family))
            {
                families[name] = (type, [metric]);
            }
            else if (family.Type == type)
            {
                family.Metrics.Add(metric);
            }
        }

        foreach (var (name, family) in families)
        {
            WriteFamily(name, family.Type, family.Metrics);
        }

        return ExportResult.Success;
    }

    private static PrometheusMetricType? PrometheusType(MetricType type) => type switch
    {
        MetricType.LongSum or MetricType.DoubleSum => PrometheusMetricType.Counter,
        MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic or MetricType.LongGauge or MetricType.DoubleGauge => PrometheusMetricType.Gauge,
        MetricType.Histogram => PrometheusMetricType.Histogram,
        _ => null, // exponential histograms are not configured; Prometheus 0.0.4 cannot carry them
    };

    private void WriteFamily(string name, PrometheusMetricType type, List<Metric> metrics)
    {
        var first = metrics[0];
        Output.Append("# HELP ").Append(name).Append(' ');
        PrometheusTextFormat.AppendHelp(Output, string.IsNullOrEmpty(first.Description) ? $"{first.Name} from meter {first.MeterName}" : first.Description);
        Output.Append("\n# TYPE ").Append(name).Append(' ').Append(TypeKeyword(type)).Append('\n');

        foreach (var metric in metrics)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                switch (metric.MetricType)
                {
                    case MetricType.Histogram:
                        WriteHistogram(name, in point);
                        break;
                    case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                        WriteSample(name, null, in point, null, point.GetSumLong());
                        break;
                    case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                        WriteSample(name, null, in point, null, point.GetSumDouble());
                        break;
                    case MetricType.LongGauge:
                        WriteSample(name, null, in point, null, point.GetGaugeLastValueLong());
                        break;
                    case MetricType.DoubleGauge:
                        WriteSample(name, null, in point, null, point.GetGaugeLastValueDouble());
                        break;
                }
            }
        }
    }

    private static string TypeKeyword(PrometheusMetricType type) => type switch
    {
        PrometheusMetricType.Counter => "counter",
        PrometheusMetricType.Gauge => "gauge",
        _ => "histogram",
    };

    private void WriteHistogram(string name, in MetricPoint point)
    {
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            // The SDK counts per bucket; Prometheus buckets are cumulative and the last bound is +Inf.
            cumulative += bucket.BucketCount;
            WriteSample(name, "_bucket", in point, bucket.ExplicitBound, cumulative);
        }

        WriteSample(name, "_sum", in point, null, point.GetHistogramSum());
        WriteSample(name, "_count", in point, null, point.GetHistogramCount());
    }

    private void WriteSample(string name, string? suffix, in MetricPoint point, double? bucketBound, double value)
    {
        Output.Append(name).Append(suffix);
        var separator = '{';
        foreach (var tag in point.Tags)
        {
            Output.Append(separator).Append(LabelName(tag.Key)).Append("=\"");
            PrometheusTextFormat.AppendLabelValue(Output, LabelValue(tag.Value));
            Output.Append('"');
            separator = ',';
        }

        if (bucketBound is { } bound)
        {
            Output.Append(separator).Append("le=\"");
            PrometheusTextFormat.AppendValue(Output, bound);
            Output.Append('"');
            separator = ',';
        }

        if (separator == ',')
        {
            Output.Append('}');
        }

        Output.Append(' ');
        PrometheusTextFormat.AppendValue(Output, value);
        Output.Append('\n');
    }

    private string LabelName(string tagKey)
    {
        if (!_labelNames.TryGetValue(tagKey, out var name))
        {
            name = PrometheusTextFormat.LabelName(tagKey);
            _labelNames[tagKey] = name;
        }

        return name;
    }

    private static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

using System.Globalization;
using System.Text;

namespace ClinicalImaging.Infrastructure.Telemetry;

/// <summary>
/// Names, escaping and numbers of the Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/), with instrument names and units mapped as the
/// OpenTelemetry-to-Prometheus compatibility specification says: invalid characters become <c>_</c>, the unit
/// becomes a suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>, <c>{annotations}</c> dropped) and
/// monotonic sums end in <c>_total</c>. One addition of ours: gauges whose name ends in a suffix Prometheus reserves for
/// histogram series (<c>_count</c>, <c>_sum</c>, <c>_bucket</c>; e.g. <c>dotnet.timer.count</c>) get <c>_value</c>
/// appended, which <c>promtool check metrics</c> requires.
/// </summary>
public static class PrometheusTextFormat
{
    private static readonly string[] HistogramSuffixes = ["_count", "_sum", "_bucket"];

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The Prometheus name of an instrument: <c>dotnet.gc.collections</c> (counter) → <c>dotnet_gc_collections_total</c>.</summary>
    public static string MetricName(string instrumentName, string? unit, PrometheusMetricType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(instrumentName);
        var isCounter = type == PrometheusMetricType.Counter;
        var name = Sanitize(instrumentName, allowColon: true);
        if (isCounter && name.EndsWith("_total", StringComparison.Ordinal))
        {
            name = name[..^"_total".Length];
        }

        var unitSuffix = UnitSuffix(unit);
        if (unitSuffix is not null && !name.EndsWith("_" + unitSuffix, StringComparison.Ordinal))
        {
            name = $"{name}_{unitSuffix}";
        }

        return type switch
        {
            PrometheusMetricType.Counter => name + "_total",
            PrometheusMetricType.Gauge when HistogramSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal)) => name + "_value",
            _ => name,
        };
    }

    /// <summary>A valid label name: <c>gc.heap.generation</c> → <c>gc_heap_generation</c>; never the reserved <c>__</c> prefix.</summary>
    public static string LabelName(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var name = Sanitize(key, allowColon: false);
        return name.StartsWith("__", StringComparison.Ordinal) ? "_" + name.TrimStart('_') : name;
    }

    /// <summary>Appends a label value with <c>\</c>, <c>"</c> and line feeds escaped.</summary>
    public static void AppendLabelValue(StringBuilder output, ReadOnlySpan<char> value)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => output.Append(@"\\"),
                '"' => output.Append("\\\""),
                '\n' => output.Append(@"\n"),
                _ => output.Append(c),
            };
        }
    }

    /// <summary>Appends HELP text with <c>\</c> and line feeds escaped (quotes stay as they are in HELP).</summary>
    public static void AppendHelp(StringBuilder output, ReadOnlySpan<char> help)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var c in help)
        {
            _ = c switch
            {
                '\\' => output.Append(@"\\"),
                '\n' => output.Append(@"\n"),
                _ => output.Append(c),
            };
        }
    }

    /// <summary>Appends a sample value or bucket bound as Go's ParseFloat reads it: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, shortest round-trip otherwise.</summary>
    public static void AppendValue(StringBuilder output, double value)
    {
        ArgumentNullException.ThrowIfNull(output);
        _ = value switch
        {
            double.PositiveInfinity => output.Append("+Inf"),
            double.NegativeInfinity => output.Append("-Inf"),
            double.NaN => output.Append("NaN"),
            _ => output.Append(CultureInfo.InvariantCulture, $"{value:R}"),
        };
    }

    private static string? UnitSuffix(string? unit)
    {
        if (string.IsNullOrEmpty(unit) || unit == "1" || unit[0] == '{')
        {
            return null;
        }

        var slash = unit.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var perUnit = unit[(slash + 1)..] switch { "s" => "second", "m" => "minute", "h" => "hour", "d" => "day", var other => UnitWord(other) };
            return $"{UnitWord(unit[..slash])}_per_{perUnit}";
        }

        return UnitWord(unit);
    }

    private static string UnitWord(string unit) => unit switch
    {
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "min" => "minutes",
        "h" => "hours",
        "d" => "days",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "%" => "percent",
        "Hz" => "hertz",
        _ => Sanitize(unit, allowColon: false).Trim('_'),
    };

    private static string Sanitize(string name, bool allowColon)
    {
        var result = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            result.Append('_');
        }

        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            if (valid)
            {
                result.Append(c);
            }
            else if (result.Length == 0 || result[^1] != '_')
            {
                // Runs of invalid characters collapse into one underscore.
                result.Append('_');
            }
        }

        return result.ToString();
    }
}

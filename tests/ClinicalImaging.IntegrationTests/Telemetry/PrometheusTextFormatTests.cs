using System.Text;
using ClinicalImaging.Infrastructure.Telemetry;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Telemetry;

public sealed class PrometheusTextFormatTests
{
    [Theory]
    [InlineData("dotnet.gc.collections", "{collection}", PrometheusMetricType.Counter, "dotnet_gc_collections_total")]
    [InlineData("http_requests_total", null, PrometheusMetricType.Counter, "http_requests_total")]
    [InlineData("process_cpu_seconds_total", "s", PrometheusMetricType.Counter, "process_cpu_seconds_total")]
    [InlineData("dotnet.gc.pause.time", "s", PrometheusMetricType.Counter, "dotnet_gc_pause_time_seconds_total")]
    [InlineData("http_request_duration_seconds", "s", PrometheusMetricType.Histogram, "http_request_duration_seconds")]
    [InlineData("dotnet.process.memory.working_set", "By", PrometheusMetricType.Gauge, "dotnet_process_memory_working_set_bytes")]
    [InlineData("db.client.connection.count", "{connection}", PrometheusMetricType.Gauge, "db_client_connection_count_value")]
    [InlineData("net.io", "By/s", PrometheusMetricType.Gauge, "net_io_bytes_per_second")]
    [InlineData("9lives..odd-name", "1", PrometheusMetricType.Gauge, "_9lives_odd_name")]
    public void Instrument_names_and_units_map_to_Prometheus_names(string instrument, string? unit, PrometheusMetricType type, string expected) =>
        Assert.Equal(expected, PrometheusTextFormat.MetricName(instrument, unit, type));

    [Theory]
    [InlineData("gc.heap.generation", "gc_heap_generation")]
    [InlineData("__reserved", "_reserved")]
    [InlineData("1st", "_1st")]
    public void Tag_keys_become_valid_label_names(string key, string expected) => Assert.Equal(expected, PrometheusTextFormat.LabelName(key));

    [Fact]
    public void Label_values_escape_backslash_quote_and_line_feed_and_help_escapes_backslash_and_line_feed()
    {
        var label = new StringBuilder();
        var help = new StringBuilder();

        PrometheusTextFormat.AppendLabelValue(label, "C:\\dir \"quoted\"\nnext");
        PrometheusTextFormat.AppendHelp(help, "a \\ b \"c\"\nd");

        Assert.Equal(@"C:\\dir \""quoted\""\nnext", label.ToString());
        Assert.Equal(@"a \\ b ""c""\nd", help.ToString());
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.005, "0.005")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(12345678901234.0, "12345678901234")]
    public void Values_are_written_as_Go_parses_floats(double value, string expected)
    {
        var output = new StringBuilder();

        PrometheusTextFormat.AppendValue(output, value);

        Assert.Equal(expected, output.ToString());
    }
}

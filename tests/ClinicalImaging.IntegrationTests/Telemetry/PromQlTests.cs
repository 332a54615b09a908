using Xunit;

namespace ClinicalImaging.IntegrationTests.Telemetry;

/// <summary>The reader the dashboard test relies on must find every metric and nothing else.</summary>
public sealed class PromQlTests
{
    [Theory]
    [InlineData("histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket{job=~\"$job\",route!=\"/x\"}[$__rate_interval])))", "http_request_duration_seconds_bucket")]
    [InlineData("time() - process_start_time_seconds{job=~\"$job\"}", "process_start_time_seconds")]
    [InlineData("sum by (job) (rate(a_total{status_code=~\"5..\"}[5m])) / on(job) group_left sum by (job) (rate(b_total[5m])) > 0.05", "a_total b_total")]
    [InlineData("max by (queue) (job_queue_oldest_age_seconds) > 900", "job_queue_oldest_age_seconds")]
    public void Lists_the_metric_names_an_expression_selects(string expression, string expected) =>
        Assert.Equal(expected.Split(' ').Order(), PromQl.MetricNames(expression).Order());
}

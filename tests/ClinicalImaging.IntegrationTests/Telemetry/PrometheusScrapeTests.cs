using System.Globalization;
using System.Text.Json;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Telemetry;

public sealed class PrometheusScrapeTests(LoopbackApiFactory api) : IClassFixture<LoopbackApiFactory>
{
    [Fact]
    public async Task A_real_Prometheus_server_scrapes_the_api_and_stores_its_http_metrics()
    {
        var address = api.Address;
        using var client = new HttpClient { BaseAddress = address };
        Assert.True((await client.GetAsync("/health")).IsSuccessStatusCode);
        await using var prometheus = PrometheusServer.Start(address);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var up = await prometheus.WaitForAsync($"up{{job=\"{PrometheusServer.Job}\"}}", result => result.GetArrayLength() == 1, deadline.Token);
        var health = await prometheus.WaitForAsync(
            $"http_requests_total{{job=\"{PrometheusServer.Job}\",route=\"/health\",status_code=\"200\"}}",
            result => result.GetArrayLength() == 1,
            deadline.Token);

        Assert.Equal(1.0, ValueOf(up[0]));
        Assert.True(ValueOf(health[0]) >= 1);
    }

    private static double ValueOf(JsonElement sample) =>
        double.Parse(sample.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
}

using System.Net;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Application.Ingest;
using ClinicalImaging.Application.Jobs;
using ClinicalImaging.IntegrationTests.Api;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Telemetry;

public sealed class MetricsEndpointTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_live_scrape_passes_promtool_check_metrics()
    {
        var client = api.CreateClientFor("radiologist");
        await client.GetAsync("/api/v1/studies/1.2.3.999");
        await client.GetAsync("/api/v1/studies/1.2.abc");
        await client.GetAsync("/ready");
        RecordOneOfEachFeatureMetric();

        var scrape = await client.GetAsync("/metrics");
        var text = await scrape.Content.ReadAsStringAsync();
        var (exitCode, output) = await Promtool.RunAsync(text, "check", "metrics");

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", scrape.Content.Headers.ContentType?.ToString());
        Assert.True(exitCode == 0, $"promtool check metrics failed:\n{output}");
        Assert.Equal(string.Empty, output.Trim());
    }

    [Fact]
    public async Task Http_metrics_are_labelled_by_route_template_never_by_the_raw_path()
    {
        var client = api.CreateClientFor("radiologist");
        var before = await ScrapeAsync();
        await client.GetAsync("/api/v1/studies/1.2.3.4.5.999");
        await client.GetAsync("/api/v1/studies/1.2.3.4.5.998");
        await client.GetAsync("/no/such/route/42");

        var after = await ScrapeAsync();

        (string, string)[] notFound = [("method", "GET"), ("route", "/api/v1/studies/{studyUid}"), ("status_code", "404")];
        Assert.True(Count(after, "http_requests_total", notFound) - Count(before, "http_requests_total", notFound) >= 2);
        Assert.NotNull(after.Find("http_requests_total", ("route", "unmatched"), ("status_code", "404")));
        Assert.DoesNotContain(after.Samples, s => s.Labels.Values.Any(v => v.Contains("1.2.3.4.5.99", StringComparison.Ordinal) || v.Contains("/no/such", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Request_durations_are_a_histogram_whose_inf_bucket_equals_its_count()
    {
        await api.CreateClientFor("radiologist").GetAsync("/health");

        var scrape = await ScrapeAsync();

        Assert.Equal("histogram", scrape.Types["http_request_duration_seconds"]);
        (string, string)[] health = [("route", "/health"), ("status_code", "200")];
        var buckets = scrape.Named("http_request_duration_seconds_bucket").Where(s => s.Labels["route"] == "/health" && s.Labels["status_code"] == "200").ToList();
        Assert.Equal(["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"], buckets.Select(b => b.Labels["le"]));
        Assert.Equal(buckets.Select(b => b.Value).Order(), buckets.Select(b => b.Value)); // cumulative
        Assert.Equal(scrape.Find("http_request_duration_seconds_count", health)!.Value, buckets[^1].Value);
        Assert.True(scrape.Find("http_request_duration_seconds_sum", health)!.Value > 0);
    }

    [Fact]
    public async Task Scrape_carries_use_case_feature_database_pool_process_and_runtime_metrics()
    {
        await api.CreateClientFor("radiologist").GetAsync("/api/v1/studies/1.2.3.999");
        RecordOneOfEachFeatureMetric();

        var scrape = await ScrapeAsync();

        Assert.Equal("histogram", scrape.Types["app_request_duration_seconds"]);
        Assert.NotNull(scrape.Find("app_request_duration_seconds_count", ("request", "GetStudyQuery"), ("outcome", "not_found")));
        Assert.NotNull(scrape.Find("ml_inferences_total", ("model", "chest-xray-demo"), ("outcome", "success")));
        Assert.Equal("histogram", scrape.Types["ml_inference_duration_seconds"]);
        Assert.NotNull(scrape.Find("dicom_instances_stored_total", ("source", "stow"), ("outcome", "stored")));
        Assert.True(scrape.Find("dicom_stored_bytes_total", ("source", "stow"))!.Value >= 4096);
        Assert.Equal("histogram", scrape.Types["ingest_registration_group_objects"]);
        Assert.True(scrape.Find("ingest_registration_group_objects_sum")!.Value >= 3);
        Assert.NotNull(scrape.Find("job_queue_depth", ("queue", "inference")));
        Assert.NotNull(scrape.Find("job_queue_oldest_age_seconds", ("queue", "inference")));
        Assert.True(scrape.Named("process_cpu_seconds_total").Single().Value > 0);
        Assert.True(scrape.Named("process_resident_memory_bytes").Single().Value > 1_000_000);
        Assert.InRange(scrape.Named("process_start_time_seconds").Single().Value, 1_600_000_000, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal("counter", scrape.Types["dotnet_gc_collections_total"]);
        Assert.Equal("gauge", scrape.Types["dotnet_thread_pool_threads"]);
        Assert.True(scrape.Named("dotnet_thread_pool_threads").Single().Value >= 1);
        Assert.Equal("gauge", scrape.Types["db_client_connection_count_value"]);
        Assert.NotNull(scrape.Find("db_client_connection_max", ("db_client_connection_pool_name", "clinicalimaging")));
        Assert.Equal("histogram", scrape.Types["db_client_operation_duration_seconds"]);
    }

    [Fact]
    public async Task Metrics_endpoint_is_not_listed_in_the_OpenAPI_document()
    {
        var document = await api.CreateClientFor("radiologist").GetStringAsync("/docs/v1/openapi.json");

        Assert.DoesNotContain("\"/metrics\"", document, StringComparison.Ordinal);
    }

    private static void RecordOneOfEachFeatureMetric()
    {
        InferenceMetrics.RecordInference("chest-xray-demo", "success", TimeSpan.FromMilliseconds(420));
        IngestMetrics.RecordInstance("stow", "stored", 4096);
        IngestMetrics.RecordRegistrationGroup(3);
        JobQueueMetrics.RecordQueueState("inference", 3, TimeSpan.FromSeconds(12));
    }

    private async Task<Exposition> ScrapeAsync() => Exposition.Parse(await api.CreateClientFor("radiologist").GetStringAsync("/metrics"));

    private static double Count(Exposition scrape, string name, (string, string)[] labels) => scrape.Find(name, labels)?.Value ?? 0;
}

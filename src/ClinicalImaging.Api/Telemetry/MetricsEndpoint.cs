using ClinicalImaging.Infrastructure.Telemetry;

namespace ClinicalImaging.Api.Telemetry;

internal static class MetricsEndpoint
{
    public const string Route = "/metrics";

    /// <summary>
    /// <c>GET /metrics</c> in the Prometheus text format. Anonymous here; the returned builder lets the security
    /// configuration attach a policy (<c>Metrics:RequireAuthentication</c>).
    /// </summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Route, async (HttpContext context, PrometheusMetrics metrics) =>
            {
                var scrape = metrics.Scrape();
                context.Response.ContentType = PrometheusTextFormat.ContentType;
                context.Response.Headers.CacheControl = "no-store";
                await context.Response.Body.WriteAsync(scrape, context.RequestAborted);
            })
            .WithName("Metrics")
            .ExcludeFromDescription();
}

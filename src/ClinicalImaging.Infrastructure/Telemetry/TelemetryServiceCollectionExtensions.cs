using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClinicalImaging.Infrastructure.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Metrics collection for Prometheus (with the process metrics) and OTLP trace export, as singletons the host must resolve
    /// at start-up (they listen from the moment they exist) and disposes when it stops.
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TelemetryOptions>(configuration.GetSection(TelemetryOptions.Section));
        services.TryAddSingleton<PrometheusMetrics>();
        services.TryAddSingleton<OtlpTraceExport>();
        return services;
    }
}

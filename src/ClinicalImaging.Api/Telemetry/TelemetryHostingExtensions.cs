using ClinicalImaging.Infrastructure.Telemetry;

namespace ClinicalImaging.Api.Telemetry;

public static class TelemetryHostingExtensions
{
    /// <summary>
    /// JSON console logs with scopes, metric collection for <c>/metrics</c> and OTLP trace export
    /// (<c>Telemetry</c> section). Call first, so that start-up work is logged and measured too.
    /// </summary>
    public static WebApplicationBuilder AddClinicalImagingTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        // ASP.NET Core's hosting logger puts the raw request path (which can hold a patient id) into a scope on every
        // log line and logs it on each request; the correlation scope and HTTP metrics replace it.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        builder.Services.AddTelemetry(builder.Configuration);
        builder.Services.AddHostedService<TelemetryStartup>();
        return builder;
    }

    /// <summary>Correlation ids and HTTP metrics; call before the exception handler so both see its responses.</summary>
    public static IApplicationBuilder UseClinicalImagingTelemetry(this IApplicationBuilder app) =>
        app.UseMiddleware<CorrelationIdMiddleware>().UseMiddleware<HttpMetricsMiddleware>();

    /// <summary>Creates the listeners before anything else starts, so no measurement or span of start-up is lost.</summary>
    private sealed class TelemetryStartup(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<PrometheusMetrics>();
            services.GetRequiredService<OtlpTraceExport>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

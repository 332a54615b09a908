using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ClinicalImaging.Infrastructure.Telemetry;

/// <summary>
/// Exports the spans of <see cref="TelemetrySources.ActivitySources"/> by OTLP when <c>Telemetry:OtlpEndpoint</c> is set.
/// Built by hand (OpenTelemetry.Extensions.Hosting is not in our registry) and disposed with the host, which flushes
/// the spans still batched.
/// </summary>
public sealed class OtlpTraceExport : IDisposable
{
    private readonly TracerProvider? _provider;

    public OtlpTraceExport(IOptions<TelemetryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        if (settings.OtlpEndpoint is null)
        {
            return;
        }

        var protocol = settings.OtlpProtocol switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException(
                $"Telemetry:OtlpProtocol is '{other}'; expected 'grpc' or 'http/protobuf'"),
        };

        var builder = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(settings.ServiceName));
        foreach (var source in TelemetrySources.ActivitySources)
        {
            builder.AddSource(source);
        }

        _provider = builder
            .AddOtlpExporter(exporter =>
            {
                exporter.Endpoint = settings.OtlpEndpoint;
                exporter.Protocol = protocol;
            })
            .Build();
    }

    /// <summary>Whether spans are being exported (an endpoint is configured).</summary>
    public bool IsExporting => _provider is not null;

    public void Dispose() => _provider?.Dispose();
}

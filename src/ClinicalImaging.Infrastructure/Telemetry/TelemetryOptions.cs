namespace ClinicalImaging.Infrastructure.Telemetry;

/// <summary>Configuration section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The <c>service.name</c> of exported traces (e.g. <c>clinicalimaging-api</c>, <c>clinicalimaging-worker</c>).</summary>
    public string ServiceName { get; set; } = "clinicalimaging";

    /// <summary>OTLP collector for traces (e.g. <c>http://otel-collector:4317</c>); none exported when empty.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (port 4317) or <c>http/protobuf</c> (port 4318, the endpoint's path is used as given).</summary>
    public string OtlpProtocol { get; set; } = "grpc";
}

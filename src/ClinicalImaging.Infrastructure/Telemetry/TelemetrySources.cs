namespace ClinicalImaging.Infrastructure.Telemetry;

/// <summary>The meters and activity sources this service exports, by name (wildcards allowed).</summary>
public static class TelemetrySources
{
    /// <summary>
    /// Our meters (one per feature: <c>ClinicalImaging.Application</c>, <c>.Http</c>, <c>.Ingest</c>, <c>.Inference</c>,
    /// <c>.Jobs</c>, <c>.Process</c>), Npgsql's connection pool and command meter, and the runtime's
    /// <c>System.Runtime</c> meter (GC, thread pool, JIT, exceptions).
    /// </summary>
    public static IReadOnlyList<string> Meters { get; } = ["ClinicalImaging.*", "Npgsql", "System.Runtime"];

    /// <summary>Our use-case spans, ASP.NET Core's server spans and Npgsql's command spans.</summary>
    public static IReadOnlyList<string> ActivitySources { get; } = ["ClinicalImaging.*", "Microsoft.AspNetCore", "Npgsql"];
}

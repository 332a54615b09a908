namespace ClinicalImaging.Api.Jobs;

/// <summary>
/// What this process does (setting <c>Host:Role</c>, environment <c>Host__Role</c>): <c>api</c> answers HTTP (the
/// default), <c>worker</c> drains the job queue and answers only <c>/health</c>, <c>/ready</c> and <c>/metrics</c>, <c>all</c>
/// does both (one process for development). Every role queues the analyses of what it ingests.
/// </summary>
public sealed record HostRole(string Name, bool ServesApi, bool RunsWorker)
{
    public const string Setting = "Host:Role";

    public static HostRole From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = configuration[Setting]?.Trim().ToLowerInvariant();
        return name switch
        {
            null or "" or "api" => new HostRole("api", ServesApi: true, RunsWorker: false),
            "worker" => new HostRole("worker", ServesApi: false, RunsWorker: true),
            "all" => new HostRole("all", ServesApi: true, RunsWorker: true),
            _ => throw new InvalidOperationException($"{Setting} is '{configuration[Setting]}'; use api, worker or all"),
        };
    }
}

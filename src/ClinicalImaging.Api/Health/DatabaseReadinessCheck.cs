using ClinicalImaging.Infrastructure.Persistence.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ClinicalImaging.Api.Health;

/// <summary>Ready when PostgreSQL answers and every migration this build ships has been applied.</summary>
internal sealed class DatabaseReadinessCheck(DatabaseMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = await migrator.GetPendingVersionsAsync(cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy("database reachable and migrated")
                : HealthCheckResult.Unhealthy($"{pending.Count} database migration(s) pending: {string.Join(", ", pending)}");
        }
        catch (NpgsqlException)
        {
            return HealthCheckResult.Unhealthy("database unreachable");
        }
    }
}

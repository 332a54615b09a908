using ClinicalImaging.Infrastructure.Persistence;
using ClinicalImaging.Infrastructure.Persistence.Migrations;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Api.Health;

/// <summary>Applies pending migrations before the server starts listening, when configured to.</summary>
internal sealed class DatabaseMigrationService(DatabaseMigrator migrator, IOptions<DatabaseOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.MigrateOnStartup ? migrator.MigrateAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

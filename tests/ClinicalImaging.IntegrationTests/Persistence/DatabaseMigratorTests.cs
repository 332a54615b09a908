using ClinicalImaging.Infrastructure.Persistence.Migrations;
using ClinicalImaging.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Persistence;

public sealed class DatabaseMigratorTests
{
    [Fact]
    public async Task Replicas_starting_at_once_apply_each_migration_exactly_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateEmptyAsync());
        var replicas = Enumerable.Range(0, 4).Select(_ => new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance)).ToList();
        Assert.NotEmpty(await replicas[0].GetPendingVersionsAsync(CancellationToken.None));

        await Task.WhenAll(replicas.Select(r => Task.Run(() => r.MigrateAsync(CancellationToken.None))));

        Assert.Empty(await replicas[0].GetPendingVersionsAsync(CancellationToken.None));
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)replicas[0].Migrations.Count, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Refuses_to_start_when_an_applied_migration_was_edited()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateEmptyAsync());
        var migrator = new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance);
        await migrator.MigrateAsync(CancellationToken.None);
        await using (var tamper = dataSource.CreateCommand("UPDATE schema_migrations SET checksum = 'edited' WHERE version = '0001'"))
        {
            await tamper.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(CancellationToken.None));

        Assert.Contains("0001_study_hierarchy was changed after it was applied", error.Message, StringComparison.Ordinal);
    }
}

using System.CommandLine;
using ClinicalImaging.Infrastructure.Persistence.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ClinicalImaging.Cli.Commands;

/// <summary><c>clinimg db migrate|status</c>: the API's migrator, for release jobs that migrate before rolling out replicas.</summary>
internal static class DatabaseCommands
{
    private const string ConnectionVariable = "ConnectionStrings__ClinicalImaging";

    public static Command Create()
    {
        var connection = new Option<string>("--connection")
        {
            Description = $"PostgreSQL connection string (default: the {ConnectionVariable} environment variable)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ConnectionVariable) ?? string.Empty,
        };

        var migrate = new Command("migrate", "Apply pending migrations (safe while other replicas do the same)") { connection };
        migrate.SetAction(async (parse, ct) =>
        {
            await using var dataSource = DataSource(parse.GetValue(connection));
            var migrator = new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance);
            var pending = await migrator.GetPendingVersionsAsync(ct);
            await migrator.MigrateAsync(ct);
            parse.InvocationConfiguration.Output.WriteLine(pending.Count == 0 ? "Database is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
            return 0;
        });

        var status = new Command("status", "List migrations that are not applied yet; exit code 3 when any is pending") { connection };
        status.SetAction(async (parse, ct) =>
        {
            await using var dataSource = DataSource(parse.GetValue(connection));
            var pending = await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).GetPendingVersionsAsync(ct);
            parse.InvocationConfiguration.Output.WriteLine(pending.Count == 0 ? "Database is up to date." : $"Pending: {string.Join(", ", pending)}");
            return pending.Count == 0 ? 0 : 3;
        });

        return new Command("db", "Database schema") { migrate, status };
    }

    private static NpgsqlDataSource DataSource(string? connectionString) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException($"No database: pass --connection or set {ConnectionVariable}")
            : NpgsqlDataSource.Create(connectionString);
}

using Microsoft.Extensions.Logging;
using Npgsql;

namespace ClinicalImaging.Infrastructure.Persistence.Migrations;

/// <summary>
/// Applies the ordered SQL migrations. Safe when many replicas start at once: a session-level advisory lock
/// serialises them, each migration runs in its own transaction together with its bookkeeping row, and an
/// already-applied file whose text changed stops start-up instead of leaving the schema in doubt.
/// </summary>
public sealed partial class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    // Arbitrary but fixed: the advisory-lock key every replica agrees on ("CLINIMG1" as ASCII).
    private const long AdvisoryLockKey = 0x434C_494E_494D_4731;

    private const string CreateHistoryTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    text        PRIMARY KEY,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private readonly IReadOnlyList<SqlMigration> _migrations = SqlMigration.LoadEmbedded();

    public IReadOnlyList<SqlMigration> Migrations => _migrations;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, null, CreateHistoryTable, cancellationToken).ConfigureAwait(false);
            var applied = await ReadAppliedAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (var migration in _migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    EnsureUnchanged(migration, checksum);
                    continue;
                }

                await ApplyAsync(connection, migration, cancellationToken).ConfigureAwait(false);
                LogApplied(logger, migration.Version, migration.Name);
            }
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The versions not yet applied (all of them when the history table does not exist yet).</summary>
    public async Task<IReadOnlyList<string>> GetPendingVersionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection);
        var hasHistory = (bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        if (!hasHistory)
        {
            return _migrations.Select(m => m.Version).ToList();
        }

        var applied = await ReadAppliedAsync(connection, cancellationToken).ConfigureAwait(false);
        return _migrations.Where(m => !applied.ContainsKey(m.Version)).Select(m => m.Version).ToList();
    }

    private static void EnsureUnchanged(SqlMigration migration, string appliedChecksum)
    {
        if (!string.Equals(migration.Checksum, appliedChecksum, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Migration {migration.Version}_{migration.Name} was changed after it was applied; add a new migration instead of editing an applied one");
        }
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, SqlMigration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
        await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection, transaction))
        {
            record.Parameters.AddWithValue(migration.Version);
            record.Parameters.AddWithValue(migration.Name);
            record.Parameters.AddWithValue(migration.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Applied database migration {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, string version, string name);
}

using System.Data.Common;
using Npgsql;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>The application's one pool of PostgreSQL connections.</summary>
public static class ArchiveDataSource
{
    /// <summary>Distinct statements kept prepared per connection: ingest alone runs about a dozen, every search adds its own.</summary>
    public const int DefaultMaxAutoPrepare = 128;

    /// <summary>
    /// Statements run often (ingest's lookups and inserts above all) are prepared on each pooled connection, sparing
    /// PostgreSQL their parse and plan each time (decision 0810). A connection string naming <c>Max Auto Prepare</c>
    /// itself wins; 0 there turns preparation off (needed behind a transaction-mode pooler such as PgBouncer &lt; 1.21).
    /// Pooled connections are not reset when returned (decision 0813); <c>No Reset On Close=false</c> restores it.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        // The name labels Npgsql's pool metrics; unnamed, it would be the connection string (host, user, database).
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = "clinicalimaging" };
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        // The service keeps no session state (no SET, temporary tables, LISTEN or session advisory locks; transaction
        // locks end with their transaction), so the reset a returned connection would send before its next use
        // (DISCARD ALL's seven statements) is work for nothing: ingest opens a connection or two per request.
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        return builder.Build();
    }
}

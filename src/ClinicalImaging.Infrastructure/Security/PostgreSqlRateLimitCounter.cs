using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Npgsql;
using NpgsqlTypes;

namespace ClinicalImaging.Infrastructure.Security;

/// <summary>
/// Fixed-window request counters shared by every replica, in <c>rate_limit_counters</c>: one upsert per request adds
/// one to the caller's counter of the current window and returns the count. Windows are aligned on the database's
/// clock, so replicas with skewed clocks still share them. Rows of past windows are deleted at most once a window
/// per process.
/// </summary>
public sealed class PostgreSqlRateLimitCounter(NpgsqlDataSource dataSource)
{
    private const int PartitionHashBytes = 16;

    private long _nextCleanupTicks;

    /// <summary>Counts one request of <paramref name="partition"/> in the current window of <paramref name="window"/>.</summary>
    /// <exception cref="NpgsqlException">The database did not answer (the caller decides whether to fail open or closed).</exception>
    public async Task<RateLimitCount> IncrementAsync(string partition, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partition);
        await DeletePastWindowsAsync(window, cancellationToken).ConfigureAwait(false);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO rate_limit_counters AS c (partition_hash, window_start, permits)
            VALUES ($1, to_timestamp(floor(extract(epoch FROM clock_timestamp()) / $2) * $2), 1)
            ON CONFLICT (partition_hash, window_start) DO UPDATE SET permits = c.permits + 1
            RETURNING c.permits, extract(epoch FROM c.window_start + make_interval(secs => $2) - clock_timestamp())::double precision
            """);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = SHA256.HashData(Encoding.UTF8.GetBytes(partition))[..PartitionHashBytes] });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = window.TotalSeconds });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new RateLimitCount(reader.GetInt32(0), TimeSpan.FromSeconds(Math.Max(0, reader.GetDouble(1))));
    }

    private async Task DeletePastWindowsAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        var next = Interlocked.Read(ref _nextCleanupTicks);
        if (now < next || Interlocked.CompareExchange(ref _nextCleanupTicks, now + (long)window.TotalMilliseconds, next) != next)
        {
            return;
        }

        await using var command = dataSource.CreateCommand("DELETE FROM rate_limit_counters WHERE window_start < clock_timestamp() - make_interval(secs => $1)");
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = window.TotalSeconds });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The caller's requests so far in the current window (this one included), and how long until the window ends.</summary>
public sealed record RateLimitCount(int Permits, TimeSpan WindowRemaining);

/// <summary>A row of <c>rate_limit_counters</c>; in the model so that the schema test checks the migration (written by SQL only).</summary>
internal sealed class RateLimitCounterRecord
{
    public required byte[] PartitionHash { get; init; }

    public DateTimeOffset WindowStart { get; init; }

    public int Permits { get; init; }
}

internal sealed class RateLimitCounterConfiguration : IEntityTypeConfiguration<RateLimitCounterRecord>
{
    public void Configure(EntityTypeBuilder<RateLimitCounterRecord> builder)
    {
        builder.ToTable("rate_limit_counters");
        builder.HasKey(c => new { c.PartitionHash, c.WindowStart }).HasName("pk_rate_limit_counters");
    }
}

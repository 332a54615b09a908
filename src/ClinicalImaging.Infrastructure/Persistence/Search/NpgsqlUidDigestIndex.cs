using ClinicalImaging.Application.DicomWeb.Search;
using ClinicalImaging.Application.Research;
using Npgsql;
using NpgsqlTypes;

namespace ClinicalImaging.Infrastructure.Persistence.Search;

/// <summary>
/// Finds UIDs by the first 16 bytes of their SHA-256, through the expression indexes of migration 0014 (the digest is
/// unkeyed: the UIDs themselves are in those rows; the research key protects only the pseudonyms).
/// </summary>
public sealed class NpgsqlUidDigestIndex(NpgsqlDataSource dataSource) : IUidDigestIndex
{
    public async Task<IReadOnlyList<string>> FindUidsAsync(QidoLevel level, DigestPrefixRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        // The expressions must be written exactly as the indexes are for the planner to use them.
        var sql = level switch
        {
            QidoLevel.Study => "SELECT study_instance_uid FROM studies WHERE substring(sha256(study_instance_uid::bytea) from 1 for 16) BETWEEN $1 AND $2",
            QidoLevel.Series => "SELECT series_instance_uid FROM series WHERE substring(sha256(series_instance_uid::bytea) from 1 for 16) BETWEEN $1 AND $2",
            _ => "SELECT sop_instance_uid FROM instances WHERE substring(sha256(sop_instance_uid::bytea) from 1 for 16) BETWEEN $1 AND $2",
        };
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = range.From });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = range.To });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var uids = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            uids.Add(reader.GetString(0));
        }

        return uids;
    }
}

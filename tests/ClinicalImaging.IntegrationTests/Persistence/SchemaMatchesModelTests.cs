using ClinicalImaging.Infrastructure.Persistence;
using ClinicalImaging.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Persistence;

/// <summary>
/// The SQL migrations and the EF Core model must describe the same schema: every mapped table, column, store
/// type, nullability, key, foreign key and index. A migration that drifts from the model fails here, not in production.
/// </summary>
public sealed class SchemaMatchesModelTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    /// <summary>Indexes that EF cannot express (expressions) or that serve hand-written search SQL only.</summary>
    private static readonly HashSet<string> SqlOnlyIndexes =
    [
        "ix_studies_study_date",
        "ix_studies_accession_number",
        "ix_series_modality",
        "ix_series_body_part_examined_lower",
        "ix_instances_blob_key",
        "ix_jobs_waiting",
        "ix_jobs_lease_expires_at",
        "ix_patients_phi_search_tokens",
        "ix_studies_qido_order",
        "ix_series_qido_order",
        "ix_instances_qido_order",
        "ix_studies_description_trgm",
        "ix_series_manufacturer_lower",
        "ix_instances_series_key_contrast",
        "ix_studies_uid_digest",
        "ix_series_uid_digest",
        "ix_instances_uid_digest",
        "ix_patients_unidentified",
    ];

    [Fact]
    public async Task Migrated_tables_and_columns_match_the_EF_model()
    {
        var model = await RelationalModelAsync();
        var expected = model.Tables
            .SelectMany(t => t.Columns.Select(c => $"{t.Name}.{c.Name} {c.StoreType} {(c.IsNullable ? "NULL" : "NOT NULL")}"))
            .Order(StringComparer.Ordinal).ToList();

        var actual = await QueryAsync("""
            SELECT t.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' ||
                   CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END
            FROM pg_attribute a
            JOIN pg_class t ON t.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND t.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
              AND t.relname <> 'schema_migrations'
            """);

        Assert.Equal(expected, actual.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Migrated_keys_and_indexes_match_the_EF_model()
    {
        var model = await RelationalModelAsync();
        var expected = model.Tables.SelectMany(t =>
                t.Indexes.Select(i => IndexDefinition(i.Name, t.Name, i.IsUnique, i.MappedIndexes.First().GetMethod(), i.Columns.Select(c => c.Name), i.MappedIndexes.First().GetOperators()))
                    .Concat(t.UniqueConstraints.Select(k => IndexDefinition(k.Name, t.Name, true, null, k.Columns.Select(c => c.Name), null))))
            .Order(StringComparer.Ordinal).ToList();

        var actual = await QueryAsync("""
            SELECT indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> 'schema_migrations'
            """);

        var sqlOnly = actual.Where(d => SqlOnlyIndexes.Any(name => d.Contains($" {name} ON ", StringComparison.Ordinal))).ToList();
        Assert.Equal(SqlOnlyIndexes.Count, sqlOnly.Count);
        Assert.Equal(expected, actual.Except(sqlOnly).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Migrated_foreign_keys_match_the_EF_model()
    {
        var model = await RelationalModelAsync();
        var expected = model.Tables.SelectMany(t => t.ForeignKeyConstraints.Select(fk =>
                $"{t.Name}.{fk.Name}: FOREIGN KEY ({string.Join(", ", fk.Columns.Select(c => c.Name))}) " +
                $"REFERENCES {fk.PrincipalTable.Name}({string.Join(", ", fk.PrincipalColumns.Select(c => c.Name))})" +
                OnDeleteClause(fk.OnDeleteAction)))
            .Order(StringComparer.Ordinal).ToList();

        var actual = await QueryAsync("""
            SELECT t.relname || '.' || c.conname || ': ' || pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
            """);

        Assert.Equal(expected, actual.Order(StringComparer.Ordinal).ToList());
    }

    private static string IndexDefinition(string name, string table, bool unique, string? method, IEnumerable<string> columns, IReadOnlyList<string>? operators)
    {
        var parts = columns.Select((c, i) => operators is { Count: > 0 } ? $"{c} {operators[i]}" : c);
        return $"CREATE {(unique ? "UNIQUE " : "")}INDEX {name} ON public.{table} USING {method ?? "btree"} ({string.Join(", ", parts)})";
    }

    private static string OnDeleteClause(ReferentialAction action) => action switch
    {
        ReferentialAction.Cascade => " ON DELETE CASCADE",
        ReferentialAction.Restrict => " ON DELETE RESTRICT",
        ReferentialAction.SetNull => " ON DELETE SET NULL",
        _ => "",
    };

    [Fact]
    public async Task Migrated_column_compression_matches_the_EF_model()
    {
        var model = await RelationalModelAsync();
        var expected = model.Tables
            .SelectMany(t => t.Columns.Select(c => (Column: $"{t.Name}.{c.Name}", Method: c.PropertyMappings[0].Property.GetCompressionMethod())))
            .Where(c => c.Method is not null)
            .Select(c => $"{c.Column} {c.Method}")
            .Order(StringComparer.Ordinal).ToList();

        var actual = await QueryAsync("""
            SELECT t.relname || '.' || a.attname || ' ' || CASE a.attcompression WHEN 'l' THEN 'lz4' ELSE 'pglz' END
            FROM pg_attribute a
            JOIN pg_class t ON t.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND t.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND a.attcompression IN ('l', 'p')
            """);

        Assert.Contains("instances.header_json lz4", expected);
        Assert.Equal(expected, actual.Order(StringComparer.Ordinal).ToList());
    }

    private async Task<IRelationalModel> RelationalModelAsync()
    {
        var options = new DbContextOptionsBuilder<ClinicalImagingDbContext>().UseNpgsql(database.ConnectionString).Options;
        await using var context = new ClinicalImagingDbContext(options, new ClinicalImaging.Infrastructure.Security.PhiProtector(TestKeys.PhiOptions));
        return context.GetService<IDesignTimeModel>().Model.GetRelationalModel();
    }

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}

using ClinicalImaging.Infrastructure.Persistence;
using ClinicalImaging.Testing;
using Npgsql;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Persistence;

public sealed class ArchiveDataSourceTests
{
    private const string RepeatedStatement = "SELECT $1::int + 1";

    [Fact]
    public async Task A_statement_run_repeatedly_is_prepared_on_its_connection()
    {
        await using var dataSource = ArchiveDataSource.Create(await TestDatabase.CreateEmptyAsync());

        Assert.Contains(RepeatedStatement, await PreparedAfterRepeatingAsync(dataSource));
    }

    [Fact]
    public async Task Max_Auto_Prepare_in_the_connection_string_wins()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await TestDatabase.CreateEmptyAsync()) { MaxAutoPrepare = 0 }.ConnectionString;
        await using var dataSource = ArchiveDataSource.Create(connectionString);

        Assert.DoesNotContain(RepeatedStatement, await PreparedAfterRepeatingAsync(dataSource));
    }

    [Theory]
    [InlineData(null, "kept")]
    [InlineData(false, "")]
    public async Task A_returned_connection_is_not_reset_unless_the_connection_string_asks_for_it(bool? noResetOnClose, string expected)
    {
        var builder = new NpgsqlConnectionStringBuilder(await TestDatabase.CreateEmptyAsync()) { MaxPoolSize = 1 };
        if (noResetOnClose is { } given)
        {
            builder.NoResetOnClose = given;
        }

        await using var dataSource = ArchiveDataSource.Create(builder.ConnectionString);
        await using (var first = await dataSource.OpenConnectionAsync())
        {
            await using var set = new NpgsqlCommand("SELECT set_config('clinimg.probe', 'kept', false)", first);
            await set.ExecuteScalarAsync();
        }

        // One pooled connection: the second open gets the same session back.
        await using var second = await dataSource.OpenConnectionAsync();
        await using var read = new NpgsqlCommand("SELECT coalesce(current_setting('clinimg.probe', true), '')", second);
        Assert.Equal(expected, await read.ExecuteScalarAsync());
    }

    /// <summary>Runs the statement more often than Npgsql's threshold for preparing it, then lists what the connection prepared.</summary>
    private static async Task<List<string>> PreparedAfterRepeatingAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var i = 0; i < 10; i++)
        {
            await using var command = new NpgsqlCommand(RepeatedStatement, connection) { Parameters = { new() { Value = i } } };
            await command.ExecuteScalarAsync();
        }

        var statements = new List<string>();
        await using var list = new NpgsqlCommand("SELECT statement FROM pg_prepared_statements", connection);
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            statements.Add(reader.GetString(0));
        }

        return statements;
    }
}

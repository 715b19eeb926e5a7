using Lumina.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Lumina.Testing;

/// <summary>A fresh database of its own for a test class, with the given schemas migrated.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(NpgsqlDataSource dataSource, string connectionString)
    {
        DataSource = dataSource;
        ConnectionString = connectionString;
        Sql = new SqlExecutor(dataSource, NullLogger<SqlExecutor>.Instance);
    }

    public NpgsqlDataSource DataSource { get; }

    public string ConnectionString { get; }

    public SqlExecutor Sql { get; }

    public static async Task<TestDatabase> CreateAsync(string hint, params SchemaScripts[] schemas)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(hint);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);
        foreach (var schema in schemas)
        {
            await migrator.MigrateAsync(schema, CancellationToken.None);
        }

        return new TestDatabase(dataSource, connectionString);
    }

    /// <summary>Runs a query and returns its first column of its first row.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

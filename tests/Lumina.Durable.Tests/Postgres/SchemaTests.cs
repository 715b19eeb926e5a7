using System.Text.RegularExpressions;
using Lumina.Durable.Postgres;
using Lumina.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Lumina.Durable.Tests.Postgres;

public sealed partial class SchemaTests
{
    [Fact]
    public void TheProviderShipsExactlyTheseScripts()
    {
        Assert.Equal("durabletask", PostgresTaskHubSchema.Scripts.Component);
        Assert.Equal(["0001 task_hub"], PostgresTaskHubSchema.Scripts.Migrations.Select(m => $"{m.Version:D4} {m.Name}"));
        Assert.Equal(
            ["Lumina.Durable.Postgres.Sql.Functions.sql", "Lumina.Durable.Postgres.Sql.Migrations.0001_task_hub.sql"],
            typeof(PostgresTaskHubSchema).Assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith("Lumina.Durable.Postgres.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryFunctionSaysWhichTablesItLocks()
    {
        var functions = PostgresTaskHubSchema.Scripts.Functions!;
        var headers = FunctionHeader().Matches(functions);
        Assert.Equal(Regex.Count(functions, "CREATE OR REPLACE FUNCTION"), headers.Count);
        Assert.All(headers, h => Assert.Matches(@"-- Locks", h.Groups["comment"].Value));
    }

    [Fact]
    public async Task WorkersStartingTogetherMigrateTheSchemaOnce()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("durabletaskmigrate");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            PostgresTaskHubSchema.MigrateAsync(dataSource, NullLoggerFactory.Instance, TestContext.Current.CancellationToken)));

        Assert.Equal(1L, await TestSql.ScalarAsync<long>(connectionString,
            "SELECT count(*) FROM public.lumina_schema_versions WHERE component = 'durabletask'"));
        Assert.Equal(
            ["history", "instances", "new_events", "new_tasks", "payloads"],
            await TestSql.ColumnAsync<string>(connectionString,
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'durabletask' ORDER BY 1"));
    }

    /// <summary>The comment lines right above each function.</summary>
    [GeneratedRegex(@"(?<comment>(?:--[^\n]*\n)+)CREATE OR REPLACE FUNCTION")]
    private static partial Regex FunctionHeader();
}

using System.Text.RegularExpressions;
using Npgsql;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lumina.Durable.Tests;

public sealed partial class SqlScriptsTests
{
    [Fact]
    public void TheDurableComponentShipsExactlyTheseScripts()
    {
        Assert.Equal("durable", DurableSchema.Scripts.Component);
        Assert.Equal(["0001 task_hub"], DurableSchema.Scripts.Migrations.Select(m => $"{m.Version:D4} {m.Name}"));
        Assert.Equal(
            ["Lumina.Durable.Sql.Functions.sql", "Lumina.Durable.Sql.Migrations.0001_task_hub.sql"],
            typeof(DurableSchema).Assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith("Lumina.Durable.Sql.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryFunctionSaysWhichTablesItLocks()
    {
        var functions = DurableSchema.Scripts.Functions!;
        var headers = FunctionHeader().Matches(functions);
        Assert.Equal(Regex.Count(functions, "CREATE OR REPLACE FUNCTION"), headers.Count);
        Assert.All(headers, h => Assert.Matches(@"-- Locks", h.Groups["comment"].Value));
    }

    [Fact]
    public async Task WorkersStartingTogetherMigrateTheSchemaOnce()
    {
        var connectionString = await Lumina.Testing.TestPostgres.CreateDatabaseAsync("durablemigrateonce");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            DurableSchema.MigrateAsync(dataSource, NullLoggerFactory.Instance, TestContext.Current.CancellationToken)));

        Assert.Equal(1L, await TestSql.ScalarAsync<long>(connectionString,
            "SELECT count(*) FROM public.lumina_schema_versions WHERE component = 'durable'"));
        Assert.Equal(4L, await TestSql.ScalarAsync<long>(connectionString,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'durable'"));
    }

    /// <summary>The comment lines right above each function.</summary>
    [GeneratedRegex(@"(?<comment>(?:--[^\n]*\n)+)CREATE OR REPLACE FUNCTION")]
    private static partial Regex FunctionHeader();
}

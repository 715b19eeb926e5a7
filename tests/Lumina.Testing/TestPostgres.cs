using Lumina.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Lumina.Testing;

/// <summary>
/// The PostgreSQL server of a test run: the one named by LUMINA_TEST_POSTGRES (the test script starts
/// one for the whole run), or else a private throwaway cluster started once per test process and
/// stopped when it exits. Each test class asks for a database of its own.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "LUMINA_TEST_POSTGRES";
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string hint)
    {
        var admin = await Server.Value;
        var name = $"t_{new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray())}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await cmd.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>The server's maintenance connection string (database 'postgres').</summary>
    public static Task<string> AdminConnectionStringAsync() => Server.Value;

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return configured;
        }

        var directory = Path.Combine(Path.GetTempPath(), $"lumina-test-pg-{Environment.ProcessId}");
        var cluster = await LocalCluster.EnsureRunningAsync(
            directory, new ClusterSettings { Durable = false }, NullLogger.Instance, CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            Directory.Delete(directory, recursive: true);
        };
        return cluster.ConnectionString("postgres");
    }
}

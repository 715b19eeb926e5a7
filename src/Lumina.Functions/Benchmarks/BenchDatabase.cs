using Lumina.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Functions.Benchmarks;

/// <summary>The PostgreSQL a benchmark runs on: the one given, or a throwaway private cluster (fsync on) removed afterwards.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _given;
    private readonly LocalCluster? _cluster;
    private readonly string? _directory;

    private BenchDatabase(string? given, LocalCluster? cluster, string? directory) => (_given, _cluster, _directory) = (given, cluster, directory);

    public static async Task<BenchDatabase> OpenAsync(string? connectionString, ILoggerFactory loggers, CancellationToken ct)
    {
        if (connectionString is not null)
        {
            return new BenchDatabase(connectionString, null, null);
        }

        var directory = Path.Combine(Path.GetTempPath(), $"lumina-bench-{Guid.NewGuid():N}");
        var cluster = await LocalCluster.EnsureRunningAsync(directory, new ClusterSettings { Durable = true }, loggers.CreateLogger<LocalCluster>(), ct);
        return new BenchDatabase(null, cluster, directory);
    }

    /// <summary><paramref name="database"/> on the throwaway cluster, or the given database whatever the name.</summary>
    public string ConnectionString(string database) => _given is { } given
        ? (database == "postgres" ? given : new NpgsqlConnectionStringBuilder(given) { Database = database }.ConnectionString)
        : _cluster!.ConnectionString(database);

    public async Task EnsureDatabaseAsync(string database, CancellationToken ct)
    {
        if (_cluster is not null)
        {
            await _cluster.EnsureDatabaseAsync(database, ct);
            return;
        }

        await using var connection = new NpgsqlConnection(_given);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAsync(CancellationToken.None);
        }

        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

using Lumina.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Lumina.Postgres.Tests;

public sealed class LocalClusterTests
{
    [Fact]
    public async Task CreatesStartsReusesAndRestartsAPrivateCluster()
    {
        var directory = Path.Combine(Path.GetTempPath(), "lumina-cluster-test-" + Guid.NewGuid().ToString("N")[..8]);
        var ct = TestContext.Current.CancellationToken;
        try
        {
            var first = await LocalCluster.EnsureRunningAsync(directory, new ClusterSettings { Durable = false }, NullLogger.Instance, ct);
            Assert.Equal(42, await QueryAsync(first.ConnectionString("postgres"), "SELECT 42", ct));

            var again = await LocalCluster.EnsureRunningAsync(directory, new ClusterSettings { Durable = false }, NullLogger.Instance, ct);
            Assert.Equal(first.Port, again.Port);

            await first.StopAsync(ct);
            var restarted = await LocalCluster.EnsureRunningAsync(directory, new ClusterSettings { Durable = false }, NullLogger.Instance, ct);
            Assert.Equal(7, await QueryAsync(restarted.ConnectionString("postgres"), "SELECT 7", ct));
            Assert.Equal("127.0.0.1", await QueryTextAsync(restarted.ConnectionString("postgres"), "SHOW listen_addresses", ct));
            await restarted.StopAsync(ct);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task RejectsConnectionsWithoutThePassword()
    {
        var directory = Path.Combine(Path.GetTempPath(), "lumina-cluster-test-" + Guid.NewGuid().ToString("N")[..8]);
        var ct = TestContext.Current.CancellationToken;
        try
        {
            var cluster = await LocalCluster.EnsureRunningAsync(directory, new ClusterSettings { Durable = false }, NullLogger.Instance, ct);
            var wrong = new NpgsqlConnectionStringBuilder(cluster.ConnectionString("postgres")) { Password = "wrong" }.ConnectionString;
            var error = await Assert.ThrowsAsync<PostgresException>(() => QueryAsync(wrong, "SELECT 1", ct));
            Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
            await cluster.StopAsync(ct);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<int> QueryAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct));
    }

    private static async Task<string?> QueryTextAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, connection);
        return (string?)await cmd.ExecuteScalarAsync(ct);
    }
}

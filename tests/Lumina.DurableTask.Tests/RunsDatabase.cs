using Lumina.DurableTask.TestWorker;
using Lumina.Testing;
using Npgsql;

namespace Lumina.DurableTask.Tests;

/// <summary>A PostgreSQL database with the activity_runs table the test workers write to, and the counts the cases read.</summary>
public sealed class RunsDatabase(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    public static async Task<RunsDatabase> CreateAsync(string hint)
    {
        var runs = new RunsDatabase(await TestPostgres.CreateDatabaseAsync($"durabletask{hint}"));
        await using var connection = await runs.OpenAsync();
        await using var command = new NpgsqlCommand(ActivityRuns.CreateTable, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return runs;
    }

    /// <summary>How many runs of the instance's items reached <paramref name="phase"/>, per item, on any worker or on <paramref name="worker"/>.</summary>
    public async Task<Dictionary<int, long>> CountsAsync(string instanceId, string phase, string? worker = null)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT item, count(*) FROM public.activity_runs WHERE instance_id = $1 AND phase = $2 AND ($3::text IS NULL OR worker = $3) GROUP BY item",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        command.Parameters.Add(new NpgsqlParameter { Value = phase });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)worker ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var counts = new Dictionary<int, long>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            counts[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    public async Task<List<string>> WorkersAsync(string instanceId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT worker FROM public.activity_runs WHERE instance_id = $1 AND phase = 'finish' ORDER BY worker", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var workers = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            workers.Add(reader.GetString(0));
        }

        return workers;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }
}

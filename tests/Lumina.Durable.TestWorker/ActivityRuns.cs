using Npgsql;

namespace Lumina.Durable.TestWorker;

/// <summary>
/// Records, in the test's database, each activity run as it starts and as it finishes, with the worker
/// that ran it (in the table public.activity_runs the test creates): the tests read it to tell which
/// worker ran what, and which runs a kill cut short.
/// </summary>
internal sealed class ActivityRuns(NpgsqlDataSource dataSource, WorkerSettings settings)
{
    public async Task RecordAsync(string instanceId, int item, string phase, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO public.activity_runs (worker, instance_id, item, phase) VALUES ($1, $2, $3, $4)");
        command.Parameters.Add(new NpgsqlParameter { Value = settings.WorkerName });
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        command.Parameters.Add(new NpgsqlParameter { Value = item });
        command.Parameters.Add(new NpgsqlParameter { Value = phase });
        await command.ExecuteNonQueryAsync(ct);
    }
}

using Npgsql;

namespace Lumina.DurableTask.TestWorker;

/// <summary>
/// Records each activity run as it starts and as it finishes, with the worker that ran it, in the table
/// public.activity_runs of the test's PostgreSQL database (the test creates it): the tests read it to tell which
/// worker ran what, and which runs a kill cut short.
/// </summary>
public sealed class ActivityRuns(NpgsqlDataSource dataSource, WorkerSettings settings)
{
    public const string CreateTable = """
        CREATE TABLE public.activity_runs (
            worker      text        NOT NULL,
            instance_id text        NOT NULL,
            item        int         NOT NULL,
            phase       text        NOT NULL,
            at          timestamptz NOT NULL DEFAULT clock_timestamp())
        """;

    public async Task RecordAsync(string instanceId, int item, string phase)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO public.activity_runs (worker, instance_id, item, phase) VALUES ($1, $2, $3, $4)");
        command.Parameters.Add(new NpgsqlParameter { Value = settings.WorkerName });
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        command.Parameters.Add(new NpgsqlParameter { Value = item });
        command.Parameters.Add(new NpgsqlParameter { Value = phase });
        await command.ExecuteNonQueryAsync();
    }
}

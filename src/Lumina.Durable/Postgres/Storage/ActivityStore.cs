using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.History;
using Lumina.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Lumina.Durable.Postgres.Storage;

/// <summary>The activity queue: claiming tasks in batches, recording results in batches, renewing and releasing locks.</summary>
internal sealed class ActivityStore(SqlExecutor sql, PostgresOrchestrationServiceSettings settings)
{
    public Task<List<ClaimedTask>> ClaimAsync(int max, CancellationToken ct) =>
        sql.RunAsync("durabletask.claim_tasks", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT * FROM durabletask.claim_tasks($1, $2, $3, $4)")
                .Text(settings.TaskHub).Text(settings.WorkerId).Interval(settings.LockTimeout).Int(max);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            var tasks = new List<ClaimedTask>();
            while (await reader.ReadAsync(token))
            {
                tasks.Add(ReadTask(reader, 1));
            }

            return tasks;
        }, ct);

    /// <summary>
    /// Records results in one transaction, returning each seq's outcome (applied, dropped: the execution
    /// ended, or duplicate), and claims up to <paramref name="claimMax"/> more tasks in the same transaction.
    /// </summary>
    public Task<(Dictionary<long, string> Outcomes, List<ClaimedTask> Claimed)> CompleteAsync(
        IReadOnlyList<(long Seq, HistoryEvent Result)> results, int claimMax, CancellationToken ct) =>
        sql.RunAsync("durabletask.complete_tasks", async (connection, token) =>
        {
            var ordered = results.OrderBy(r => r.Seq).Select(r => (r.Seq, Stored: EventCodec.Encode(r.Result, settings.MaxInlinePayloadSize))).ToList();
            await using var command = connection.Call("SELECT * FROM durabletask.complete_tasks($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .Text(settings.TaskHub)
                .Array(ordered.ConvertAll(r => r.Seq), NpgsqlDbType.Bigint)
                .Array(ordered.ConvertAll(r => r.Stored.EventType), NpgsqlDbType.Text)
                .Array(ordered.ConvertAll(r => r.Stored.Data), NpgsqlDbType.Text)
                .Array(ordered.ConvertAll(r => r.Stored.PayloadId), NpgsqlDbType.Uuid)
                .Array(ordered.ConvertAll(r => r.Stored.Payload), NpgsqlDbType.Text)
                .Text(settings.WorkerId).Interval(settings.LockTimeout).Int(claimMax);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            var outcomes = new Dictionary<long, string>(ordered.Count);
            var claimed = new List<ClaimedTask>();
            while (await reader.ReadAsync(token))
            {
                if (reader.GetString(1) == "claimed")
                {
                    claimed.Add(ReadTask(reader, 2));
                }
                else
                {
                    outcomes[reader.GetInt64(0)] = reader.GetString(1);
                }
            }

            return (outcomes, claimed);
        }, ct);

    /// <summary>Extends this worker's lock on a task; null when the task is gone or no longer this worker's.</summary>
    public Task<DateTime?> RenewAsync(long seq, CancellationToken ct) =>
        sql.RunAsync("durabletask.renew_task_lock", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durabletask.renew_task_lock($1, $2, $3, $4)")
                .Text(settings.TaskHub).Text(settings.WorkerId).Long(seq).Interval(settings.LockTimeout);
            return await (await command.PreparedAsync(token)).ExecuteScalarAsync(token) is DateTime until ? until : (DateTime?)null;
        }, ct);

    /// <summary>Gives tasks back unfinished, claimable after <paramref name="after"/> (zero: at once, not counted as a dequeue).</summary>
    public Task ReleaseAsync(IReadOnlyCollection<long> seqs, TimeSpan after, CancellationToken ct) =>
        sql.RunAsync("durabletask.release_tasks", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durabletask.release_tasks($1, $2, $3, $4)")
                .Text(settings.TaskHub).Text(settings.WorkerId).Array(seqs, NpgsqlDbType.Bigint).Interval(after);
            return await (await command.PreparedAsync(token)).ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>A claimed task: seq in column 0, then from <paramref name="first"/>: instance, execution, data, payload, context, dequeue count, lock expiry.</summary>
    private static ClaimedTask ReadTask(NpgsqlDataReader reader, int first)
    {
        var seq = reader.GetInt64(0);
        return new ClaimedTask
        {
            Seq = seq,
            Id = seq.ToString(CultureInfo.InvariantCulture),
            TaskMessage = new TaskMessage
            {
                SequenceNumber = seq,
                Event = EventCodec.Decode(nameof(EventType.TaskScheduled), reader.GetString(first + 2), reader.NullableString(first + 3)),
                OrchestrationInstance = new OrchestrationInstance { InstanceId = reader.GetString(first), ExecutionId = reader.GetString(first + 1) },
                OrchestrationExecutionContext = EventCodec.Deserialize<OrchestrationExecutionContext>(reader.NullableString(first + 4)),
            },
            DeliveryAttempt = reader.GetInt32(first + 5),
            LockedUntilUtc = reader.GetDateTime(first + 6),
        };
    }
}

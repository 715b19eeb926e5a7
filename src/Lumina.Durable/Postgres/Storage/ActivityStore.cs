using DurableTask.Core;
using DurableTask.Core.History;
using Lumina.Postgres;
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
                var seq = reader.GetInt64(0);
                var instance = new OrchestrationInstance { InstanceId = reader.GetString(1), ExecutionId = reader.GetString(2) };
                var context = EventCodec.Deserialize<OrchestrationExecutionContext>(reader.NullableString(5));
                tasks.Add(new ClaimedTask
                {
                    Seq = seq,
                    Id = seq.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    TaskMessage = new TaskMessage
                    {
                        SequenceNumber = seq,
                        Event = EventCodec.Decode(nameof(EventType.TaskScheduled), reader.GetString(3), reader.NullableString(4)),
                        OrchestrationInstance = instance,
                        OrchestrationExecutionContext = context,
                    },
                    DeliveryAttempt = reader.GetInt32(6),
                    LockedUntilUtc = reader.GetDateTime(7),
                });
            }

            return tasks;
        }, ct);

    /// <summary>Records results in one transaction; returns each seq's outcome: applied, dropped (execution ended) or duplicate.</summary>
    public Task<Dictionary<long, string>> CompleteAsync(IReadOnlyList<(long Seq, HistoryEvent Result)> results, CancellationToken ct) =>
        sql.RunAsync("durabletask.complete_tasks", async (connection, token) =>
        {
            var ordered = results.OrderBy(r => r.Seq).Select(r => (r.Seq, Stored: EventCodec.Encode(r.Result, settings.MaxInlinePayloadSize))).ToList();
            await using var command = connection.Call("SELECT * FROM durabletask.complete_tasks($1, $2, $3, $4, $5, $6)")
                .Text(settings.TaskHub)
                .Array(ordered.ConvertAll(r => r.Seq), NpgsqlDbType.Bigint)
                .Array(ordered.ConvertAll(r => r.Stored.EventType), NpgsqlDbType.Text)
                .Array(ordered.ConvertAll(r => r.Stored.Data), NpgsqlDbType.Text)
                .Array(ordered.ConvertAll(r => r.Stored.PayloadId), NpgsqlDbType.Uuid)
                .Array(ordered.ConvertAll(r => r.Stored.Payload), NpgsqlDbType.Text);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            var outcomes = new Dictionary<long, string>(ordered.Count);
            while (await reader.ReadAsync(token))
            {
                outcomes[reader.GetInt64(0)] = reader.GetString(1);
            }

            return outcomes;
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
}

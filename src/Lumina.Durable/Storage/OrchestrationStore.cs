using Lumina.Durable.History;
using Lumina.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Lumina.Durable.Storage;

/// <summary>The orchestration side of the task hub: claiming episodes, checkpointing them, renewing and releasing locks.</summary>
internal sealed class OrchestrationStore(SqlExecutor sql, IOptions<DurableOptions> options)
{
    private readonly DurableOptions _options = options.Value;

    public Task<ClaimedOrchestration?> ClaimAsync(string owner, CancellationToken ct) =>
        sql.RunAsync("durable.claim_orchestration", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT * FROM durable.claim_orchestration($1, $2, $3, $4)")
                .Text(_options.TaskHub).Text(owner).Interval(_options.LockTimeout).Int(_options.MaxEventsPerEpisode);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? ReadClaim(reader, 0) : null;
        }, ct);

    /// <summary>
    /// Writes the episode; Applied is false when it was a duplicate and dropped. With <paramref name="claimNext"/>,
    /// claims this worker's next episode in the same round trip.
    /// </summary>
    public Task<(bool Applied, ClaimedOrchestration? Next)> CheckpointAsync(
        Checkpoint checkpoint, string owner, bool claimNext, CancellationToken ct) =>
        sql.RunAsync("durable.checkpoint_orchestration", async (connection, token) =>
        {
            var history = checkpoint.History;
            var children = checkpoint.Children;
            var events = checkpoint.Events;
            await using var command = connection.Call(
                    "SELECT * FROM durable.checkpoint_orchestration($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, " +
                    "$14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33)")
                .Text(_options.TaskHub).Text(checkpoint.InstanceId).Uuid(checkpoint.ExecutionId).Int(checkpoint.HistoryVersion)
                .Text(owner).Text(checkpoint.Status.ToString()).Text(checkpoint.CustomStatus).Text(checkpoint.Output)
                .Text(checkpoint.ContinueInput).Array(checkpoint.Consumed, NpgsqlDbType.Bigint)
                .Array(history.ConvertAll(h => h.EventType.ToString()), NpgsqlDbType.Text)
                .Array(history.ConvertAll(h => h.TaskId), NpgsqlDbType.Integer)
                .Array(history.ConvertAll(h => h.Name), NpgsqlDbType.Text)
                .Array(history.ConvertAll(h => h.InstanceRef), NpgsqlDbType.Text)
                .Array(history.ConvertAll(h => h.Payload), NpgsqlDbType.Text)
                .Array(history.ConvertAll(h => h.FireAt), NpgsqlDbType.TimestampTz)
                .Array(history.ConvertAll(h => h.Timestamp), NpgsqlDbType.TimestampTz)
                .Array(checkpoint.Tasks.ConvertAll(t => t.TaskId), NpgsqlDbType.Integer)
                .Array(checkpoint.Tasks.ConvertAll(t => t.Name), NpgsqlDbType.Text)
                .Array(checkpoint.Tasks.ConvertAll(t => t.Input), NpgsqlDbType.Text)
                .Array(events.ConvertAll(e => e.InstanceId), NpgsqlDbType.Text)
                .Array(events.ConvertAll(e => e.ExecutionId), NpgsqlDbType.Uuid)
                .Array(events.ConvertAll(e => e.Type.ToString()), NpgsqlDbType.Text)
                .Array(events.ConvertAll(e => e.TaskId), NpgsqlDbType.Integer)
                .Array(events.ConvertAll(e => e.Name), NpgsqlDbType.Text)
                .Array(events.ConvertAll(e => e.Payload), NpgsqlDbType.Text)
                .Array(events.ConvertAll(e => e.VisibleTime), NpgsqlDbType.TimestampTz)
                .Array(children.ConvertAll(c => c.InstanceId), NpgsqlDbType.Text)
                .Array(children.ConvertAll(c => c.Name), NpgsqlDbType.Text)
                .Array(children.ConvertAll(c => c.Input), NpgsqlDbType.Text)
                .Array(children.ConvertAll(c => c.TaskId), NpgsqlDbType.Integer)
                .Interval(_options.LockTimeout).Int(claimNext ? _options.MaxEventsPerEpisode : 0);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return (reader.GetBoolean(0), reader.IsDBNull(1) ? null : ReadClaim(reader, 1));
        }, ct);

    public Task RenewAsync(string owner, IReadOnlyCollection<string> instanceIds, CancellationToken ct) =>
        sql.RunAsync("durable.renew_orchestration_locks", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durable.renew_orchestration_locks($1, $2, $3, $4)")
                .Text(_options.TaskHub).Text(owner).Array(instanceIds, NpgsqlDbType.Text).Interval(_options.LockTimeout);
            return await (await command.PreparedAsync(token)).ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>Gives up the lock without a checkpoint, deleting the <paramref name="discard"/> events.</summary>
    public Task ReleaseAsync(string owner, string instanceId, IReadOnlyCollection<long> discard, CancellationToken ct) =>
        sql.RunAsync("durable.release_orchestration", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durable.release_orchestration($1, $2, $3, $4)")
                .Text(_options.TaskHub).Text(owner).Text(instanceId).Array(discard, NpgsqlDbType.Bigint);
            return await (await command.PreparedAsync(token)).ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>Reads the claim columns that start at <paramref name="first"/>.</summary>
    private static ClaimedOrchestration ReadClaim(NpgsqlDataReader reader, int first)
    {
        var seqs = reader.GetFieldValue<long[]>(first + 10);
        var executions = reader.GetFieldValue<Guid?[]>(first + 11);
        var types = reader.GetFieldValue<string[]>(first + 12);
        var taskIds = reader.GetFieldValue<int?[]>(first + 13);
        var names = reader.GetFieldValue<string?[]>(first + 14);
        var payloads = reader.GetFieldValue<string?[]>(first + 15);
        var visibleTimes = reader.GetFieldValue<DateTime[]>(first + 16);
        var times = reader.GetFieldValue<DateTime[]>(first + 17);
        var events = new InboxEvent[seqs.Length];
        for (var i = 0; i < seqs.Length; i++)
        {
            var type = Enum.Parse<HistoryEventType>(types[i]);
            events[i] = new InboxEvent(seqs[i], executions[i], new HistoryEvent(type, times[i])
            {
                TaskId = taskIds[i],
                Name = names[i],
                Payload = payloads[i],
                FireAt = type == HistoryEventType.TimerFired ? visibleTimes[i] : null,
            });
        }

        return new ClaimedOrchestration(
            reader.GetString(first),
            reader.GetGuid(first + 1),
            reader.GetString(first + 2),
            RuntimeStatuses.Parse(reader.GetString(first + 3)),
            reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4),
            reader.IsDBNull(first + 5) ? null : new ParentInstance(reader.GetString(first + 5), reader.GetGuid(first + 6), reader.GetInt32(first + 7)),
            reader.GetInt32(first + 8),
            reader.GetInt32(first + 9),
            events);
    }
}

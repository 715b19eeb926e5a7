using DurableTask.Core;
using DurableTask.Core.History;
using Lumina.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Lumina.Durable.Postgres.Storage;

/// <summary>What clients do to instances: create, send events, read state and history, query, purge.</summary>
internal sealed class InstanceStore(SqlExecutor sql, PostgresOrchestrationServiceSettings settings)
{
    private const string InstanceColumns = "instance_id, execution_id, name, version, runtime_status, created_time, last_updated_time, "
        + "completed_time, scheduled_start_time, input, output, custom_status, failure_details, tags, parent";

    /// <summary>Creates (or replaces) an instance; returns null, or the status of an existing instance <paramref name="dedupe"/> kept.</summary>
    public Task<string?> CreateAsync(TaskMessage creation, IReadOnlyCollection<OrchestrationStatus> dedupe, CancellationToken ct) =>
        sql.RunAsync("durabletask.create_instance", async (connection, token) =>
        {
            var started = (ExecutionStartedEvent)creation.Event;
            var instance = started.OrchestrationInstance;
            var stored = EventCodec.Encode(started, settings.MaxInlinePayloadSize);
            await using var command = connection.Call(
                    "SELECT durabletask.create_instance($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
                .Text(settings.TaskHub).Text(instance.InstanceId).Text(instance.ExecutionId).Text(started.Name).Text(started.Version)
                .Text(started.Input).Text(started.Tags is null ? null : EventCodec.Serialize(started.Tags))
                .Text(started.ParentInstance?.OrchestrationInstance?.InstanceId)
                .Text(started.ParentInstance is null ? null : EventCodec.Serialize(started.ParentInstance))
                .Time(started.ScheduledStartTime).Text(stored.Data).Uuid(stored.PayloadId).Text(stored.Payload)
                .Array(dedupe.Select(s => s.ToString()).ToList(), NpgsqlDbType.Text);
            var outcome = (string)(await (await command.PreparedAsync(token)).ExecuteScalarAsync(token))!;
            return outcome == "created" ? null : outcome;
        }, ct);

    /// <summary>Adds events to the inboxes of unfinished instances (others are dropped); returns how many were added.</summary>
    public Task<int> SendAsync(IReadOnlyList<TaskMessage> messages, CancellationToken ct) =>
        sql.RunAsync("durabletask.send_events", async (connection, token) =>
        {
            var stored = messages.Select(m => EventCodec.Encode(m.Event, settings.MaxInlinePayloadSize)).ToList();
            await using var command = connection.Call("SELECT durabletask.send_events($1, $2, $3, $4, $5, $6, $7, $8)")
                .Text(settings.TaskHub)
                .Array(messages.Select(m => m.OrchestrationInstance.InstanceId).ToList(), NpgsqlDbType.Text)
                .Array(messages.Select(m => m.OrchestrationInstance.ExecutionId).ToList(), NpgsqlDbType.Text)
                .Array(stored.ConvertAll(s => s.EventType), NpgsqlDbType.Text)
                .Array(stored.ConvertAll(s => s.Data), NpgsqlDbType.Text)
                .Array(stored.ConvertAll(s => s.PayloadId), NpgsqlDbType.Uuid)
                .Array(stored.ConvertAll(s => s.Payload), NpgsqlDbType.Text)
                .Times(messages.Select(m => m.Event is TimerFiredEvent timer ? timer.FireAt : (DateTime?)null).ToList());
            return (int)(await (await command.PreparedAsync(token)).ExecuteScalarAsync(token))!;
        }, ct);

    public Task<OrchestrationState?> GetAsync(string instanceId, bool fetchInputsAndOutputs, CancellationToken ct) =>
        sql.RunAsync("durabletask.get_instance", async (connection, token) =>
        {
            await using var command = connection.Call($"SELECT {InstanceColumns} FROM durabletask.get_instance($1, $2, $3)")
                .Text(settings.TaskHub).Text(instanceId).Bool(fetchInputsAndOutputs);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? ReadState(reader) : null;
        }, ct);

    /// <summary>Instances in (created time, instance id) order after <paramref name="after"/>, at most <paramref name="limit"/>.</summary>
    public Task<List<OrchestrationState>> QueryAsync(
        InstanceFilter filter, (DateTime CreatedTime, string InstanceId)? after, int limit, bool fetchInputsAndOutputs, CancellationToken ct) =>
        sql.RunAsync("durabletask.query_instances", async (connection, token) =>
        {
            await using var command = connection.Call($"SELECT {InstanceColumns} FROM durabletask.query_instances($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .Text(settings.TaskHub).Array(filter.Statuses, NpgsqlDbType.Text)
                .Time(filter.CreatedFrom).Time(filter.CreatedTo).Text(filter.InstanceIdPrefix)
                .Time(after?.CreatedTime).Text(after?.InstanceId).Int(limit).Bool(fetchInputsAndOutputs);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            var states = new List<OrchestrationState>();
            while (await reader.ReadAsync(token))
            {
                states.Add(ReadState(reader));
            }

            return states;
        }, ct);

    /// <summary>The history of an execution (null: the current one); empty when unknown.</summary>
    public Task<List<HistoryEvent>> GetHistoryAsync(string instanceId, string? executionId, CancellationToken ct) =>
        sql.RunAsync("durabletask.get_history", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT * FROM durabletask.get_history($1, $2, $3)")
                .Text(settings.TaskHub).Text(instanceId).Text(executionId);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            var history = new List<HistoryEvent>();
            while (await reader.ReadAsync(token))
            {
                history.Add(EventCodec.Decode(reader.GetString(0), reader.GetString(1), reader.NullableString(2)));
            }

            return history;
        }, ct);

    /// <summary>The live locks on the instances whose id starts with <paramref name="prefix"/> and on their activity tasks, per worker.</summary>
    public Task<List<HeldLock>> HeldLocksAsync(string prefix, CancellationToken ct) =>
        sql.RunAsync("durabletask.held_locks", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT * FROM durabletask.held_locks($1, $2)").Text(settings.TaskHub).Text(prefix);
            await using var reader = await command.ExecuteReaderAsync(token);
            var locks = new List<HeldLock>();
            while (await reader.ReadAsync(token))
            {
                locks.Add(new HeldLock(reader.GetString(0), reader.GetDateTime(1), reader.GetInt32(2), reader.GetInt32(3)));
            }

            return locks;
        }, ct);

    /// <summary>Deletes a finished instance; 1, or 0 when it is unknown or has not finished.</summary>
    public Task<int> PurgeAsync(string instanceId, CancellationToken ct) =>
        sql.RunAsync("durabletask.purge_instance", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durabletask.purge_instance($1, $2)").Text(settings.TaskHub).Text(instanceId);
            return (int)(await (await command.PreparedAsync(token)).ExecuteScalarAsync(token))!;
        }, ct);

    /// <summary>Deletes finished instances whose <paramref name="timeColumn"/> ('created', 'completed', 'last_updated') lies in [from, to].</summary>
    public Task<int> PurgeAsync(string timeColumn, DateTime? from, DateTime? to, IReadOnlyCollection<string>? statuses, CancellationToken ct) =>
        sql.RunAsync("durabletask.purge_instances", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durabletask.purge_instances($1, $2, $3, $4, $5)")
                .Text(settings.TaskHub).Text(timeColumn).Time(from).Time(to).Array(statuses, NpgsqlDbType.Text);
            return (int)(await (await command.PreparedAsync(token)).ExecuteScalarAsync(token))!;
        }, ct);

    public Task DeleteTaskHubAsync(CancellationToken ct) =>
        sql.RunAsync("durabletask.delete_task_hub", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durabletask.delete_task_hub($1)").Text(settings.TaskHub);
            return await command.ExecuteNonQueryAsync(token);
        }, ct);

    private static OrchestrationState ReadState(NpgsqlDataReader reader) => new()
    {
        OrchestrationInstance = new OrchestrationInstance { InstanceId = reader.GetString(0), ExecutionId = reader.GetString(1) },
        Name = reader.GetString(2),
        Version = reader.NullableString(3),
        OrchestrationStatus = Enum.Parse<OrchestrationStatus>(reader.GetString(4)),
        CreatedTime = reader.GetDateTime(5),
        LastUpdatedTime = reader.GetDateTime(6),
        CompletedTime = reader.NullableTime(7) ?? default,
        ScheduledStartTime = reader.NullableTime(8),
        Input = reader.NullableString(9),
        Output = reader.NullableString(10),
        Status = reader.NullableString(11),
        FailureDetails = EventCodec.Deserialize<DurableTask.Core.FailureDetails>(reader.NullableString(12)),
        Tags = EventCodec.Deserialize<Dictionary<string, string>>(reader.NullableString(13)),
        ParentInstance = EventCodec.Deserialize<ParentInstance>(reader.NullableString(14)),
    };
}

/// <summary>Which instances a query or purge is about; each null means "any".</summary>
internal sealed record InstanceFilter(IReadOnlyCollection<string>? Statuses, DateTime? CreatedFrom, DateTime? CreatedTo, string? InstanceIdPrefix);

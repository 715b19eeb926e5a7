using Lumina.Durable.Hosting;
using Lumina.Durable.Client;
using Lumina.Durable.History;
using Lumina.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Lumina.Durable.Storage;

/// <summary>What clients do to instances: create, send events, read status and history, query, purge.</summary>
internal sealed class InstanceStore(SqlExecutor sql, IOptions<DurableOptions> options)
{
    private readonly DurableOptions _options = options.Value;

    public string TaskHub => _options.TaskHub;

    /// <summary>False when an instance with that id exists and has not finished. <paramref name="startAt"/> null: now.</summary>
    public Task<bool> CreateAsync(string instanceId, string name, string? input, DateTime? startAt, CancellationToken ct) =>
        sql.RunAsync("durable.create_instance", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durable.create_instance($1, $2, $3, $4, $5, $6, $7, $8)")
                .Text(TaskHub).Text(instanceId).Text(name).Text(input).Time(startAt is { } at ? StoredTime.Utc(at) : null)
                .Text(null).Uuid(null).Int(null);
            return (bool)(await (await command.PreparedAsync(token)).ExecuteScalarAsync(token))!;
        }, ct);

    /// <summary>Returns "sent", "not_found" or "finished".</summary>
    public Task<string> SendEventAsync(string instanceId, HistoryEventType type, string? name, string? payload, CancellationToken ct) =>
        sql.RunAsync("durable.send_event", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durable.send_event($1, $2, $3, $4, $5)")
                .Text(TaskHub).Text(instanceId).Text(type.ToString()).Text(name).Text(payload);
            return (string)(await (await command.PreparedAsync(token)).ExecuteScalarAsync(token))!;
        }, ct);

    public Task<PendingWork> PendingWorkAsync(CancellationToken ct) =>
        sql.RunAsync("durable.pending_work", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT * FROM durable.pending_work($1)").Text(TaskHub);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return new PendingWork(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }, ct);

    public Task<OrchestrationMetadata?> GetAsync(string instanceId, bool includeInput, CancellationToken ct) =>
        sql.RunAsync("durable.get_instance", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT * FROM durable.get_instance($1, $2, $3)")
                .Text(TaskHub).Text(instanceId).Bool(includeInput);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? ReadInstance(reader) : null;
        }, ct);

    public Task<List<OrchestrationMetadata>> QueryAsync(
        OrchestrationQuery query, (DateTime CreatedAt, string InstanceId)? after, int limit, CancellationToken ct) =>
        sql.RunAsync("durable.query_instances", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT * FROM durable.query_instances($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .Text(TaskHub).Array(query.Statuses?.Select(s => s.ToString()).ToList(), NpgsqlDbType.Text)
                .Time(query.CreatedFrom is { } from ? StoredTime.Utc(from) : null)
                .Time(query.CreatedTo is { } to ? StoredTime.Utc(to) : null)
                .Text(query.InstanceIdPrefix).Time(after?.CreatedAt).Text(after?.InstanceId).Int(limit).Bool(query.IncludeInput);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            var instances = new List<OrchestrationMetadata>();
            while (await reader.ReadAsync(token))
            {
                instances.Add(ReadInstance(reader));
            }

            return instances;
        }, ct);

    public Task<List<HistoryEvent>> GetHistoryAsync(string instanceId, Guid executionId, CancellationToken ct) =>
        sql.RunAsync("durable.get_history", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT * FROM durable.get_history($1, $2, $3)")
                .Text(TaskHub).Text(instanceId).Uuid(executionId);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            var history = new List<HistoryEvent>();
            while (await reader.ReadAsync(token))
            {
                history.Add(new HistoryEvent(Enum.Parse<HistoryEventType>(reader.GetString(0)), reader.GetDateTime(6))
                {
                    TaskId = reader.IsDBNull(1) ? null : reader.GetInt32(1),
                    Name = reader.IsDBNull(2) ? null : reader.GetString(2),
                    InstanceRef = reader.IsDBNull(3) ? null : reader.GetString(3),
                    Payload = reader.IsDBNull(4) ? null : reader.GetString(4),
                    FireAt = reader.IsDBNull(5) ? null : reader.GetDateTime(5),
                });
            }

            return history;
        }, ct);

    /// <summary>Returns "purged", "not_found" or "active".</summary>
    public Task<string> PurgeAsync(string instanceId, CancellationToken ct) =>
        sql.RunAsync("durable.purge_instance", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durable.purge_instance($1, $2)").Text(TaskHub).Text(instanceId);
            return (string)(await (await command.PreparedAsync(token)).ExecuteScalarAsync(token))!;
        }, ct);

    public Task<int> PurgeAsync(
        DateTime createdFrom, DateTime? createdTo, IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses, CancellationToken ct) =>
        sql.RunAsync("durable.purge_instances", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durable.purge_instances($1, $2, $3, $4)")
                .Text(TaskHub).Time(StoredTime.Utc(createdFrom)).Time(createdTo is { } to ? StoredTime.Utc(to) : null)
                .Array(statuses?.Select(s => s.ToString()).ToList(), NpgsqlDbType.Text);
            return (int)(await (await command.PreparedAsync(token)).ExecuteScalarAsync(token))!;
        }, ct);

    private static OrchestrationMetadata ReadInstance(NpgsqlDataReader reader) => new()
    {
        InstanceId = reader.GetString(0),
        ExecutionId = reader.GetGuid(1),
        Name = reader.GetString(2),
        RuntimeStatus = RuntimeStatuses.Parse(reader.GetString(3)),
        CreatedAt = reader.GetDateTime(4),
        LastUpdatedAt = reader.GetDateTime(5),
        SerializedInput = reader.IsDBNull(6) ? null : reader.GetString(6),
        SerializedOutput = reader.IsDBNull(7) ? null : reader.GetString(7),
        SerializedCustomStatus = reader.IsDBNull(8) ? null : reader.GetString(8),
    };
}

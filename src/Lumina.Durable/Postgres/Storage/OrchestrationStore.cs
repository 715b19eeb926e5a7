using Lumina.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Lumina.Durable.Postgres.Storage;

/// <summary>The orchestration side of the task hub: claiming episodes, checkpointing them, renewing and releasing locks.</summary>
internal sealed class OrchestrationStore(SqlExecutor sql, PostgresOrchestrationServiceSettings settings)
{
    private const string CheckpointSql = "SELECT * FROM durabletask.checkpoint_orchestration("
        + "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, "
        + "$25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42, $43, $44, $45, $46, $47, $48)";

    public Task<OrchestrationClaim> ClaimAsync(CancellationToken ct) =>
        sql.RunAsync("durabletask.claim_orchestration", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT * FROM durabletask.claim_orchestration($1, $2, $3, $4)")
                .Text(settings.TaskHub).Text(settings.WorkerId).Interval(settings.LockTimeout).Int(settings.MaxEventsPerEpisode);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            return await ClaimRows.ReadAsync(reader, token);
        }, ct);

    /// <summary>
    /// Writes the checkpoint, keeping the lock (an extended session) or releasing it and, when
    /// <paramref name="claimNext"/>, claiming the next episode in the same transaction. A duplicate episode
    /// throws a <see cref="PostgresException"/> with SQLSTATE 23505.
    /// </summary>
    public Task<CheckpointResult> CheckpointAsync(Checkpoint checkpoint, bool keepLock, bool claimNext, CancellationToken ct) =>
        sql.RunAsync("durabletask.checkpoint_orchestration", async (connection, token) =>
        {
            await using var command = Bind(connection.Call(CheckpointSql), checkpoint, keepLock, claimNext);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            if (!await reader.ReadAsync(token) || reader.GetString(0) != "C")
            {
                throw new InvalidOperationException("durabletask.checkpoint_orchestration returned no outcome row");
            }

            var applied = reader.GetString(4) == "applied";
            return new CheckpointResult(applied, await ClaimRows.ReadAsync(reader, token));
        }, ct);

    /// <summary>The next batch of an instance held in an extended session (renewing its lock when asked); null when the lock was lost.</summary>
    public Task<SessionBatch?> FetchSessionAsync(string instanceId, bool renew, CancellationToken ct) =>
        sql.RunAsync("durabletask.fetch_session_events", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT * FROM durabletask.fetch_session_events($1, $2, $3, $4, $5, $6)")
                .Text(settings.TaskHub).Text(settings.WorkerId).Text(instanceId).Interval(settings.LockTimeout)
                .Int(settings.MaxEventsPerEpisode).Bool(renew);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            return await ClaimRows.ReadSessionAsync(reader, token);
        }, ct);

    /// <summary>Extends this worker's lock; null when the lock is no longer this worker's.</summary>
    public Task<DateTime?> RenewAsync(string instanceId, CancellationToken ct) =>
        sql.RunAsync("durabletask.renew_orchestration_lock", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durabletask.renew_orchestration_lock($1, $2, $3, $4)")
                .Text(settings.TaskHub).Text(settings.WorkerId).Text(instanceId).Interval(settings.LockTimeout);
            return await (await command.PreparedAsync(token)).ExecuteScalarAsync(token) is DateTime until ? until : (DateTime?)null;
        }, ct);

    /// <summary>Gives up this worker's lock after <paramref name="after"/> (zero: at once), deleting the <paramref name="discard"/>ed events.</summary>
    public Task ReleaseAsync(string instanceId, TimeSpan after, IReadOnlyCollection<long> discard, CancellationToken ct) =>
        sql.RunAsync("durabletask.release_orchestration", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durabletask.release_orchestration($1, $2, $3, $4, $5)")
                .Text(settings.TaskHub).Text(settings.WorkerId).Text(instanceId).Interval(after).Array(discard, NpgsqlDbType.Bigint);
            return await (await command.PreparedAsync(token)).ExecuteNonQueryAsync(token);
        }, ct);

    private NpgsqlCommand Bind(NpgsqlCommand command, Checkpoint c, bool keepLock, bool claimNext) => command
        .Text(settings.TaskHub).Text(settings.WorkerId).Text(c.InstanceId).Text(c.Claim.ExecutionId)
        .Array(c.Claim.EventSeqs, NpgsqlDbType.Bigint)
        .Text(c.ExecutionId).Text(c.Name).Text(c.Version).Text(c.Status).Text(c.Input).Text(c.Output)
        .Text(c.CustomStatus).Text(c.FailureDetails).Text(c.Tags)
        .Int(c.HistoryStart)
        .Array(c.History.ConvertAll(h => h.Event.EventType), NpgsqlDbType.Text)
        .Array(c.History.ConvertAll(h => h.TaskId), NpgsqlDbType.Integer)
        .Array(c.History.ConvertAll(h => h.Time), NpgsqlDbType.TimestampTz)
        .Array(c.History.ConvertAll(h => h.Event.Data), NpgsqlDbType.Text)
        .Array(c.History.ConvertAll(h => h.Event.PayloadId), NpgsqlDbType.Uuid)
        .Array(c.Payloads.ConvertAll(p => p.InstanceId), NpgsqlDbType.Text)
        .Array(c.Payloads.ConvertAll(p => p.Id), NpgsqlDbType.Uuid)
        .Array(c.Payloads.ConvertAll(p => p.Value), NpgsqlDbType.Text)
        .Array(c.Tasks.ConvertAll(t => t.Name), NpgsqlDbType.Text)
        .Array(c.Tasks.ConvertAll(t => t.TaskId), NpgsqlDbType.Integer)
        .Array(c.Tasks.ConvertAll(t => t.Event.Data), NpgsqlDbType.Text)
        .Array(c.Tasks.ConvertAll(t => t.Event.PayloadId), NpgsqlDbType.Uuid)
        .Array(c.Tasks.ConvertAll(t => t.Context), NpgsqlDbType.Text)
        .Array(c.Events.ConvertAll(e => e.InstanceId), NpgsqlDbType.Text)
        .Array(c.Events.ConvertAll(e => e.ExecutionId), NpgsqlDbType.Text)
        .Array(c.Events.ConvertAll(e => e.Event.EventType), NpgsqlDbType.Text)
        .Array(c.Events.ConvertAll(e => e.Event.Data), NpgsqlDbType.Text)
        .Array(c.Events.ConvertAll(e => e.Event.PayloadId), NpgsqlDbType.Uuid)
        .Times(c.Events.ConvertAll(e => e.VisibleTime))
        .Array(c.Children.ConvertAll(k => k.InstanceId), NpgsqlDbType.Text)
        .Array(c.Children.ConvertAll(k => k.ExecutionId), NpgsqlDbType.Text)
        .Array(c.Children.ConvertAll(k => k.Name), NpgsqlDbType.Text)
        .Array(c.Children.ConvertAll(k => k.Version), NpgsqlDbType.Text)
        .Array(c.Children.ConvertAll(k => k.Input), NpgsqlDbType.Text)
        .Array(c.Children.ConvertAll(k => k.Tags), NpgsqlDbType.Text)
        .Array(c.Children.ConvertAll(k => k.Parent), NpgsqlDbType.Text)
        .Array(c.Children.ConvertAll(k => k.TaskId), NpgsqlDbType.Integer)
        .Array(c.Children.ConvertAll(k => k.Started.Data), NpgsqlDbType.Text)
        .Array(c.Children.ConvertAll(k => k.Started.PayloadId), NpgsqlDbType.Uuid)
        .Array(c.Children.ConvertAll(k => k.Started.Payload), NpgsqlDbType.Text)
        .Bool(keepLock).Interval(settings.LockTimeout).Int(claimNext ? settings.MaxEventsPerEpisode : 0);
}

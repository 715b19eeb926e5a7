using Lumina.Postgres;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace Lumina.Durable.Storage;

/// <summary>The activity queue: claiming tasks in batches, completing them in batches, renewing and releasing locks.</summary>
internal sealed class ActivityStore(SqlExecutor sql, IOptions<DurableOptions> options)
{
    private readonly DurableOptions _options = options.Value;

    public Task<List<ClaimedTask>> ClaimAsync(string owner, int max, CancellationToken ct) =>
        sql.RunAsync("durable.claim_tasks", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT * FROM durable.claim_tasks($1, $2, $3, $4)")
                .Text(_options.TaskHub).Text(owner).Interval(_options.LockTimeout).Int(max);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            var tasks = new List<ClaimedTask>();
            while (await reader.ReadAsync(token))
            {
                tasks.Add(new ClaimedTask(
                    reader.GetInt64(0), reader.GetString(1), reader.GetGuid(2), reader.GetInt32(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6)));
            }

            return tasks;
        }, ct);

    /// <summary>
    /// Records outcomes; returns how many were applied (the others were duplicates or for ended executions)
    /// and how many instances they made ready.
    /// </summary>
    public Task<(int Applied, int Ready)> CompleteAsync(IReadOnlyList<TaskOutcome> outcomes, CancellationToken ct) =>
        sql.RunAsync("durable.complete_tasks", async (connection, token) =>
        {
            var ordered = outcomes.OrderBy(o => o.Seq).ToList();
            await using var command = connection.Call("SELECT * FROM durable.complete_tasks($1, $2, $3, $4)")
                .Text(_options.TaskHub)
                .Array(ordered.ConvertAll(o => o.Seq), NpgsqlDbType.Bigint)
                .Array(ordered.ConvertAll(o => o.Succeeded ? "TaskCompleted" : "TaskFailed"), NpgsqlDbType.Text)
                .Array(ordered.ConvertAll(o => o.Payload), NpgsqlDbType.Text);
            await using var reader = await (await command.PreparedAsync(token)).ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return (reader.GetInt32(0), reader.GetInt32(1));
        }, ct);

    public Task RenewAsync(string owner, IReadOnlyCollection<long> seqs, CancellationToken ct) =>
        sql.RunAsync("durable.renew_task_locks", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durable.renew_task_locks($1, $2, $3, $4)")
                .Text(_options.TaskHub).Text(owner).Array(seqs, NpgsqlDbType.Bigint).Interval(_options.LockTimeout);
            return await (await command.PreparedAsync(token)).ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>Hands unfinished tasks back: claimable at once, and the claim does not count as a dequeue.</summary>
    public Task ReleaseAsync(string owner, IReadOnlyCollection<long> seqs, CancellationToken ct) =>
        sql.RunAsync("durable.release_tasks", async (connection, token) =>
        {
            await using var command = connection.Call("SELECT durable.release_tasks($1, $2, $3)")
                .Text(_options.TaskHub).Text(owner).Array(seqs, NpgsqlDbType.Bigint);
            return await (await command.PreparedAsync(token)).ExecuteNonQueryAsync(token);
        }, ct);
}

using Lumina.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Durable.Postgres.Polling;

/// <summary>The signals of one process: work for orchestrations, work for activities, finished instances.</summary>
internal sealed class WorkSignals
{
    public WakeSignal Orchestrations { get; } = new();

    public WakeSignal Activities { get; } = new();

    public WakeSignal Completions { get; } = new();
}

/// <summary>
/// Wakes the idle workers of other processes on the same task hub with PostgreSQL LISTEN/NOTIFY, and this
/// process's when others say they made work. Notifications are sent after the commit that made the work,
/// from a connection of their own, coalesced (one per kind in flight): a NOTIFY inside a writing
/// transaction would hold PostgreSQL's notification lock through that transaction's commit flush and so
/// serialize the commits of every worker.
/// </summary>
internal sealed class TaskHubNotifications(SqlExecutor sql, PostgresOrchestrationServiceSettings settings, WorkSignals signals, ILogger logger)
{
    private const string Channel = "durabletask";
    private const int OrchestrationWork = 1, ActivityWork = 2, Finished = 4;
    private readonly WakeSignal _pending = new();
    private int _kinds;

    /// <summary>Says that new orchestration work is ready.</summary>
    public void OrchestrationWorkReady() => Publish(OrchestrationWork);

    /// <summary>Says that new activity tasks are queued.</summary>
    public void ActivityWorkReady() => Publish(ActivityWork);

    /// <summary>Says that an instance finished (clients waiting for it poll at once).</summary>
    public void InstanceFinished() => Publish(Finished);

    /// <summary>Listens and sends until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken stop) => Task.WhenAll(ListenAsync(stop), SendAsync(stop));

    private void Publish(int kind)
    {
        if (settings.UseNotifications && (Interlocked.Or(ref _kinds, kind) & kind) == 0)
        {
            _pending.Pulse();
        }
    }

    private async Task SendAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _pending.WaitAsync(Timeout.InfiniteTimeSpan, stop);
                var kinds = Interlocked.Exchange(ref _kinds, 0);
                if (kinds != 0)
                {
                    await sql.RunAsync("durabletask.notify", async (connection, token) =>
                    {
                        await using var command = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection);
                        command.Parameters.Add(new NpgsqlParameter { Value = Channel });
                        command.Parameters.Add(new NpgsqlParameter { Value = $"{settings.TaskHub}|{kinds}|{settings.WorkerId}" });
                        return await command.ExecuteNonQueryAsync(token);
                    }, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                ProviderLog.NotificationFailed(logger, e);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        if (!settings.UseNotifications)
        {
            return;
        }

        while (!stop.IsCancellationRequested)
        {
            try
            {
                await sql.RunAsync<bool>("durabletask.listen", async (connection, token) =>
                {
                    connection.Notification += (_, e) => Receive(e.Payload);
                    await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    {
                        await listen.ExecuteNonQueryAsync(token);
                    }

                    // Whatever was notified while this process was not listening is found by one poll.
                    signals.Orchestrations.PulseAll();
                    signals.Activities.PulseAll();
                    try
                    {
                        while (true)
                        {
                            await connection.WaitAsync(token);
                        }
                    }
                    finally
                    {
                        // The connection goes back to the pool, which may not reset it.
                        await using var unlisten = new NpgsqlCommand($"UNLISTEN {Channel}", connection);
                        await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
                    }
                }, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                ProviderLog.NotificationFailed(logger, e);
                await Task.Delay(settings.MaxPollingInterval, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Receive(string payload)
    {
        var parts = payload.Split('|');
        if (parts.Length != 3 || parts[0] != settings.TaskHub || parts[2] == settings.WorkerId || !int.TryParse(parts[1], out var kinds))
        {
            return;
        }

        if ((kinds & OrchestrationWork) != 0)
        {
            signals.Orchestrations.Pulse();
        }

        if ((kinds & ActivityWork) != 0)
        {
            signals.Activities.Pulse();
        }

        if ((kinds & Finished) != 0)
        {
            signals.Completions.PulseAll();
        }
    }
}

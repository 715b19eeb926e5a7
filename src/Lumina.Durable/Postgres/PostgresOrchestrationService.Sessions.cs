using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using Lumina.Durable.Postgres.Polling;
using Lumina.Durable.Postgres.Storage;

namespace Lumina.Durable.Postgres;

/// <summary>
/// Extended sessions: after a checkpoint the worker keeps the instance locked and its orchestration in
/// memory, and takes the instance's next events as they come (up to ExtendedSessionIdleTimeout), so that
/// the next episode neither reloads the history nor replays it. The Durable Task Framework allows half of
/// the orchestration slots to hold sessions.
/// </summary>
public sealed partial class PostgresOrchestrationService
{
    private readonly ConcurrentDictionary<string, WakeSignal> _sessionWakes = new();

    /// <summary>Gives a claim its session, when sessions are on.</summary>
    private ClaimedOrchestration WithSession(ClaimedOrchestration claim)
    {
        if (_settings.ExtendedSessionIdleTimeout > TimeSpan.Zero)
        {
            claim.Session = new ExtendedSession(this, claim);
        }

        return claim;
    }

    /// <summary>Wakes the session holding an instance, if this process holds one, because it has new events.</summary>
    private void WakeSession(string instanceId)
    {
        if (_sessionWakes.TryGetValue(instanceId, out var wake))
        {
            wake.Pulse();
        }
    }

    /// <summary>The instance's next events: at once when there are some, else when they come, else null after the idle timeout.</summary>
    private async Task<IList<TaskMessage>?> FetchSessionAsync(ClaimedOrchestration claim)
    {
        if (claim.Aborted)
        {
            throw new SessionAbortedException($"A checkpoint of {claim.InstanceId} was dropped; the instance starts over from its stored history.");
        }

        var worker = _worker;
        if (worker is null)
        {
            return null;
        }

        var wake = _sessionWakes.GetOrAdd(claim.InstanceId, _ => new WakeSignal());
        var deadline = DateTime.UtcNow + _settings.ExtendedSessionIdleTimeout;
        var backoff = new Backoff(_settings.MinPollingInterval, _settings.MaxPollingInterval);
        try
        {
            // Right after a checkpoint there is rarely anything new: wait for a wake (events from this process)
            // or one polling interval (events from others) before looking.
            await wake.WaitAsync(backoff.Next(), worker.Stopping);
            while (true)
            {
                var renew = claim.LockedUntilUtc - DateTime.UtcNow < _settings.LockTimeout / 2;
                var batch = await _orchestrations.FetchSessionAsync(claim.InstanceId, renew, worker.Stopping);
                if (batch is null || batch.ExecutionId != claim.ExecutionId)
                {
                    claim.Aborted = true;
                    ProviderLog.LockLost(_logger, "instance", claim.InstanceId);
                    throw new SessionAbortedException($"The lock on {claim.InstanceId} was lost.");
                }

                claim.LockedUntilUtc = batch.LockedUntil;
                if (batch.Messages.Count > 0)
                {
                    claim.EventSeqs = batch.Seqs;
                    claim.EventPayloads = batch.Payloads;
                    return batch.Messages;
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }

                var wait = backoff.Next();
                await wake.WaitAsync(wait < left ? wait : left, worker.Stopping);
            }
        }
        catch (OperationCanceledException) when (worker.Stopping.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task EndSessionAsync(ClaimedOrchestration claim)
    {
        _sessionWakes.TryRemove(claim.InstanceId, out _);
        if (claim.TrySettle())
        {
            await _orchestrations.ReleaseAsync(claim.InstanceId, TimeSpan.Zero, [], CancellationToken.None);
        }
    }

    private sealed class ExtendedSession(PostgresOrchestrationService service, ClaimedOrchestration claim) : IOrchestrationSession
    {
        public Task<IList<TaskMessage>?> FetchNewOrchestrationMessagesAsync(TaskOrchestrationWorkItem workItem) =>
            service.FetchSessionAsync(claim);

        public Task EndSessionAsync() => service.EndSessionAsync(claim);
    }
}

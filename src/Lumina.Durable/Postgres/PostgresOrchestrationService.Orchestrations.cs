using DurableTask.Core;
using Lumina.Durable.Postgres.Polling;
using Lumina.Durable.Postgres.Storage;
using Npgsql;

namespace Lumina.Durable.Postgres;

/// <summary>The orchestration dispatcher's side: claiming episodes, checkpointing, renewing, abandoning and releasing them.</summary>
public sealed partial class PostgresOrchestrationService
{
    /// <summary>
    /// Returns the next episode: one claimed ahead by this worker's last checkpoint, else one claimed now;
    /// when there is none, waits (backing off from MinPollingInterval to MaxPollingInterval, woken by new
    /// work and by the next timer) until <paramref name="receiveTimeout"/>. Null when none came or when cancelled.
    /// </summary>
    public async Task<TaskOrchestrationWorkItem?> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        await Poller.UntilFoundAsync(async ct =>
        {
            if (_prefetched.TryDequeue(out var prefetched) && await KeepLockedAsync(prefetched, ct))
            {
                return (WithSession(prefetched), null);
            }

            var claim = await _orchestrations.ClaimAsync(ct);
            if (claim.WorkItem is { } workItem)
            {
                // More may be waiting: let another idle dispatcher look.
                _signals.Orchestrations.Pulse();
                return (WithSession(workItem), null);
            }

            return ((ClaimedOrchestration?)null, claim.NextReadyTime);
        }, _signals.Orchestrations, _settings, receiveTimeout, cancellationToken);

    public async Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
    {
        if (await _orchestrations.RenewAsync(workItem.InstanceId, _lifetime.Token) is { } until)
        {
            workItem.LockedUntilUtc = until;
        }
        else
        {
            ProviderLog.LockLost(_logger, "instance", workItem.InstanceId);
        }
    }

    /// <summary>
    /// Checkpoints the episode in one transaction (see durabletask.checkpoint_orchestration), which also
    /// claims this worker's next episode when none is claimed ahead. A duplicate or stale episode is dropped.
    /// </summary>
    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        var claim = (ClaimedOrchestration)workItem;
        if (continuedAsNewMessage is not null)
        {
            // DurableTask.Core 3.x runs the new execution in the same episode and passes its state instead.
            throw new NotSupportedException("The PostgreSQL provider expects ContinueAsNew in the new runtime state, as DurableTask.Core 3.x passes it.");
        }

        if (orchestrationState is null)
        {
            // The framework dropped the batch (events for an instance without history): discard it.
            if (claim.TrySettle())
            {
                await _orchestrations.ReleaseAsync(claim.InstanceId, TimeSpan.Zero, claim.EventSeqs, CancellationToken.None);
                ProviderLog.DroppedEvents(_logger, claim.EventSeqs.Count, claim.InstanceId);
            }

            return;
        }

        var checkpoint = Checkpoint.Build(claim, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages,
            orchestrationState, _settings.MaxInlinePayloadSize);
        var keepLock = claim.IsExtendedSession && claim.Session is not null && !checkpoint.Finished;
        CheckpointResult result;
        try
        {
            if (keepLock)
            {
                // Results that come while the checkpoint is written must find the session's wake signal.
                _sessionWakes.TryAdd(claim.InstanceId, new WakeSignal());
            }

            result = await _orchestrations.CheckpointAsync(
                checkpoint, keepLock, claimNext: _worker is not null && _prefetched.IsEmpty, CancellationToken.None);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            Drop(claim, keepLock);
            ProviderLog.DuplicateEpisode(_logger, claim.InstanceId);
            return;
        }

        if (!result.Applied)
        {
            Drop(claim, keepLock);
            ProviderLog.StaleEpisode(_logger, claim.InstanceId);
        }
        else if (keepLock)
        {
            claim.ExecutionId = checkpoint.ExecutionId;
            claim.EventSeqs = [];
            claim.EventPayloads = new Dictionary<DurableTask.Core.History.HistoryEvent, Guid>();
            claim.LockedUntilUtc = DateTime.UtcNow + _settings.LockTimeout;
        }
        else
        {
            claim.TrySettle();
        }

        if (result.Applied)
        {
            SignalCheckpoint(checkpoint);
        }

        if (result.NextClaim.WorkItem is { } next)
        {
            _prefetched.Enqueue(next);
            _signals.Orchestrations.Pulse();
        }
    }

    /// <summary>Gives the instance back, claimable again after a short pause (a failed episode).</summary>
    public async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        _sessionWakes.TryRemove(workItem.InstanceId, out _);
        if (((ClaimedOrchestration)workItem).TrySettle())
        {
            await _orchestrations.ReleaseAsync(workItem.InstanceId, AbandonDelay, [], CancellationToken.None);
        }
    }

    /// <summary>Gives the instance back at once unless its checkpoint already did.</summary>
    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        _sessionWakes.TryRemove(workItem.InstanceId, out _);
        if (((ClaimedOrchestration)workItem).TrySettle())
        {
            await _orchestrations.ReleaseAsync(workItem.InstanceId, TimeSpan.Zero, [], CancellationToken.None);
        }
    }

    /// <summary>A dropped checkpoint ends the claim; in a session, the session's next fetch aborts it (and the framework abandons it).</summary>
    private static void Drop(ClaimedOrchestration claim, bool inSession)
    {
        if (inSession)
        {
            claim.Aborted = true;
        }
        else
        {
            claim.TrySettle();
        }
    }

    /// <summary>A claim made ahead may have waited: renews its lock when less than half of it is left; false when it was lost.</summary>
    private async Task<bool> KeepLockedAsync(TaskOrchestrationWorkItem workItem, CancellationToken ct)
    {
        if (workItem.LockedUntilUtc - DateTime.UtcNow > _settings.LockTimeout / 2)
        {
            return true;
        }

        if (await _orchestrations.RenewAsync(workItem.InstanceId, ct) is { } until)
        {
            workItem.LockedUntilUtc = until;
            return true;
        }

        ((ClaimedOrchestration)workItem).TrySettle();
        ProviderLog.LockLost(_logger, "instance", workItem.InstanceId);
        return false;
    }

    /// <summary>Wakes whoever the checkpoint made work for: this process's pollers at once, other processes' by notification.</summary>
    private void SignalCheckpoint(Checkpoint checkpoint)
    {
        if (checkpoint.Tasks.Count > 0)
        {
            _signals.Activities.Pulse();
            _notifications.ActivityWorkReady();
        }

        if (checkpoint.Children.Count > 0 || checkpoint.Events.Exists(e => e.InstanceId != checkpoint.InstanceId))
        {
            checkpoint.Events.ForEach(e => WakeSession(e.InstanceId));
            _signals.Orchestrations.Pulse();
            _notifications.OrchestrationWorkReady();
        }
        else if (checkpoint.Events.Count > 0)
        {
            // A new timer: an idle poller learns its time from its next claim.
            _signals.Orchestrations.Pulse();
        }

        if (checkpoint.Finished)
        {
            _signals.Completions.PulseAll();
            _notifications.InstanceFinished();
        }
    }
}

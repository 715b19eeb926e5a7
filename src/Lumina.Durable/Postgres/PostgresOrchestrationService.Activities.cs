using DurableTask.Core;
using DurableTask.Core.History;
using Lumina.Durable.Postgres.Polling;
using Lumina.Durable.Postgres.Storage;

namespace Lumina.Durable.Postgres;

/// <summary>The activity dispatcher's side: claiming tasks in batches, recording results in batches, renewing and abandoning.</summary>
public sealed partial class PostgresOrchestrationService
{
    /// <summary>
    /// Returns the next activity task: one claimed earlier in a batch, else a new batch is claimed (as many
    /// as MaxConcurrentActivities leaves room for, at most MaxActivitiesPerClaim); when there is none,
    /// waits as <see cref="LockNextTaskOrchestrationWorkItemAsync"/> does. Null when none came or when cancelled.
    /// </summary>
    public async Task<TaskActivityWorkItem?> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + receiveTimeout;
        var backoff = new Backoff(_settings.MinPollingInterval, _settings.MaxPollingInterval);
        try
        {
            while (true)
            {
                if (await NextClaimedTaskAsync(cancellationToken) is { } task)
                {
                    return task;
                }

                var now = DateTime.UtcNow;
                if (now >= deadline)
                {
                    return null;
                }

                var wait = backoff.Next();
                await _signals.Activities.WaitAsync(wait < deadline - now ? wait : deadline - now, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public async Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        var task = (ClaimedTask)workItem;
        if (await _activities.RenewAsync(task.Seq, _lifetime.Token) is { } until)
        {
            task.LockedUntilUtc = until;
        }
        else
        {
            ProviderLog.LockLost(_logger, "activity task", task.Id);
        }

        return task;
    }

    /// <summary>
    /// Records the result with others finishing at the same time, in one transaction (see
    /// durabletask.complete_tasks). A result for a task another worker already finished is dropped.
    /// </summary>
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        var task = (ClaimedTask)workItem;
        var worker = _worker ?? throw new InvalidOperationException("The PostgreSQL orchestration service is not started.");
        var outcome = await worker.Results.AddAsync((task.Seq, responseMessage.Event));
        if (task.TrySettle())
        {
            Interlocked.Decrement(ref _tasksHeld);
        }

        if (outcome == "duplicate")
        {
            ProviderLog.DuplicateActivityResult(_logger, task.Seq, task.TaskMessage.OrchestrationInstance.InstanceId);
        }
        else if (outcome == "dropped")
        {
            ProviderLog.OrphanedActivityResult(_logger, task.Seq, task.TaskMessage.OrchestrationInstance.InstanceId);
        }
    }

    /// <summary>Gives the task back, claimable again after a short pause (a failed activity dispatch).</summary>
    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        var task = (ClaimedTask)workItem;
        if (task.TrySettle())
        {
            Interlocked.Decrement(ref _tasksHeld);
            await _activities.ReleaseAsync([task.Seq], AbandonDelay, CancellationToken.None);
        }
    }

    /// <summary>The next task claimed earlier (its lock kept fresh), else the first of a newly claimed batch, else null.</summary>
    private async Task<ClaimedTask?> NextClaimedTaskAsync(CancellationToken ct)
    {
        await _taskClaimGate.WaitAsync(ct);
        try
        {
            while (_claimedTasks.TryDequeue(out var claimed))
            {
                if (await KeepLockedAsync(claimed, ct))
                {
                    return claimed;
                }
            }

            var room = Math.Min(_settings.MaxConcurrentActivities - Volatile.Read(ref _tasksHeld), _settings.MaxActivitiesPerClaim);
            if (room < 1)
            {
                return null;
            }

            var batch = await _activities.ClaimAsync(room, ct);
            if (batch.Count == 0)
            {
                return null;
            }

            Interlocked.Add(ref _tasksHeld, batch.Count);
            foreach (var task in batch.Skip(1))
            {
                _claimedTasks.Enqueue(task);
            }

            // The queue may hold more: let another idle dispatcher look (or take what this batch left).
            _signals.Activities.Pulse();
            return batch[0];
        }
        finally
        {
            _taskClaimGate.Release();
        }
    }

    private async Task<bool> KeepLockedAsync(ClaimedTask task, CancellationToken ct)
    {
        if (task.LockedUntilUtc - DateTime.UtcNow > _settings.LockTimeout / 2)
        {
            return true;
        }

        if (await _activities.RenewAsync(task.Seq, ct) is { } until)
        {
            task.LockedUntilUtc = until;
            return true;
        }

        if (task.TrySettle())
        {
            Interlocked.Decrement(ref _tasksHeld);
        }

        ProviderLog.LockLost(_logger, "activity task", task.Id);
        return false;
    }

    /// <summary>Writes one batch of results; wakes this process's orchestration pollers, and other processes', when any was applied.</summary>
    private async Task<IReadOnlyList<string>> WriteResultsAsync(IReadOnlyList<(long Seq, HistoryEvent Result)> results)
    {
        var outcomes = await _activities.CompleteAsync(results, CancellationToken.None);
        if (outcomes.ContainsValue("applied"))
        {
            _signals.Orchestrations.Pulse();
            _notifications.OrchestrationWorkReady();
        }

        return results.Select(r => outcomes[r.Seq]).ToList();
    }
}

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
    public async Task<TaskActivityWorkItem?> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        await Poller.UntilFoundAsync(
            async ct => (await NextClaimedTaskAsync(ct), (DateTime?)null), _signals.Activities, _settings, receiveTimeout, cancellationToken);

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
        var outcome = await worker.Results.AddAsync((task.Seq, task.TaskMessage.OrchestrationInstance.InstanceId, responseMessage.Event));
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

            var room = ReserveTaskRoom(_settings.MaxConcurrentActivities);
            if (room < 1)
            {
                return null;
            }

            var batch = await ClaimReservedAsync(room, () => _activities.ClaimAsync(room, ct));
            if (batch.Count == 0)
            {
                return null;
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

    /// <summary>
    /// Room for new tasks within <paramref name="limit"/> (at most MaxActivitiesPerClaim), reserved in the count
    /// of tasks held so that concurrent claims cannot take more than MaxConcurrentActivities together.
    /// </summary>
    private int ReserveTaskRoom(int limit)
    {
        while (true)
        {
            var held = Volatile.Read(ref _tasksHeld);
            var room = Math.Min(limit - held, _settings.MaxActivitiesPerClaim);
            if (room < 1 || Interlocked.CompareExchange(ref _tasksHeld, held + room, held) == held)
            {
                return room;
            }
        }
    }

    /// <summary>Runs a claim for the reserved room, gives back what it did not fill, keeps all but the first task for the next calls.</summary>
    private async Task<List<ClaimedTask>> ClaimReservedAsync(int reserved, Func<Task<List<ClaimedTask>>> claim)
    {
        var batch = new List<ClaimedTask>();
        try
        {
            batch = await claim();
            return batch;
        }
        finally
        {
            Interlocked.Add(ref _tasksHeld, batch.Count - reserved);
            foreach (var task in batch.Skip(1))
            {
                _claimedTasks.Enqueue(task);
            }
        }
    }

    /// <summary>
    /// Writes one batch of results, claiming more tasks in the same transaction when this worker has room and
    /// none in hand; wakes whoever the results are for: this process's sessions and pollers, other processes'.
    /// </summary>
    private async Task<IReadOnlyList<string>> WriteResultsAsync(IReadOnlyList<(long Seq, string InstanceId, HistoryEvent Result)> results)
    {
        // The batch's own tasks are still held; they leave room as they are recorded.
        var room = _worker is not null && _claimedTasks.IsEmpty ? ReserveTaskRoom(_settings.MaxConcurrentActivities + results.Count) : 0;
        Dictionary<long, string> outcomes = [];
        var claimed = await ClaimReservedAsync(Math.Max(room, 0), async () =>
        {
            (outcomes, var tasks) = await _activities.CompleteAsync(results.Select(r => (r.Seq, r.Result)).ToList(), Math.Max(room, 0), CancellationToken.None);
            return tasks;
        });
        if (claimed.Count > 0)
        {
            _claimedTasks.Enqueue(claimed[0]);
            _signals.Activities.Pulse();
        }

        if (outcomes.ContainsValue("applied"))
        {
            foreach (var result in results.Where(r => outcomes[r.Seq] == "applied"))
            {
                WakeSession(result.InstanceId);
            }

            _signals.Orchestrations.Pulse();
            _notifications.OrchestrationWorkReady();
        }

        return results.Select(r => outcomes[r.Seq]).ToList();
    }
}

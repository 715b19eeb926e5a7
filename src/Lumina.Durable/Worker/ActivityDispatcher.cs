using System.Threading.Channels;
using Lumina.Durable.Activities;
using Lumina.Durable.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lumina.Durable.Worker;

/// <summary>
/// Claims activity tasks in batches (as many as there are free slots, up to MaxActivitiesPerClaim), runs
/// each in a DI scope, and records their outcomes in batches. A slot is freed once its outcome is stored,
/// so in-flight tasks are exactly the claimed ones not yet recorded.
/// </summary>
internal sealed class ActivityDispatcher(
    ActivityStore store,
    DurableRegistry registry,
    IServiceScopeFactory scopes,
    WorkSignals signals,
    InFlightWork inFlight,
    IOptions<DurableOptions> options,
    ILogger<ActivityDispatcher> logger)
{
    private const int MaxOutcomesPerCompletion = 1000;
    private readonly DurableOptions _options = options.Value;
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentActivities);
    private readonly Channel<TaskOutcome> _outcomes = Channel.CreateUnbounded<TaskOutcome>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Claims until <paramref name="stop"/>; <paramref name="abort"/> cancels running activities.</summary>
    public Task RunAsync(string owner, CancellationToken stop, CancellationToken abort) =>
        PollingLoop.RunAsync("activity", () => PollAsync(owner, stop, abort), signals.Activities, _options, logger, stop);

    /// <summary>Records outcomes until <see cref="CloseAsync"/> is called.</summary>
    public async Task RecordOutcomesAsync(CancellationToken abort)
    {
        var reader = _outcomes.Reader;
        var batch = new List<TaskOutcome>();
        while (await reader.WaitToReadAsync(abort))
        {
            while (batch.Count < MaxOutcomesPerCompletion && reader.TryRead(out var outcome))
            {
                batch.Add(outcome);
            }

            try
            {
                var (applied, ready) = await store.CompleteAsync(batch, abort);
                if (applied < batch.Count)
                {
                    DurableLog.ResultsDropped(logger, batch.Count - applied);
                }

                signals.Orchestrations.Pulse(ready);
            }
            catch (Exception e) when (!abort.IsCancellationRequested)
            {
                DurableLog.CompletionFailed(logger, batch.Count, e);
            }
            finally
            {
                if (!abort.IsCancellationRequested)
                {
                    batch.ForEach(o => inFlight.Tasks.TryRemove(o.Seq, out _));
                    _slots.Release(batch.Count);
                }
            }

            batch.Clear();
        }
    }

    /// <summary>Waits until every claimed task has its outcome recorded.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        for (var i = 0; i < _options.MaxConcurrentActivities; i++)
        {
            await _slots.WaitAsync(ct);
        }
    }

    /// <summary>No more outcomes will be recorded: late ones are dropped, their tasks handed back.</summary>
    public void Close() => _outcomes.Writer.TryComplete();

    private async Task<bool> PollAsync(string owner, CancellationToken stop, CancellationToken abort)
    {
        await _slots.WaitAsync(stop);
        var free = 1;
        while (free < _options.MaxActivitiesPerClaim && _slots.Wait(0))
        {
            free++;
        }

        List<ClaimedTask> claimed = [];
        try
        {
            claimed = await store.ClaimAsync(owner, free, abort);
        }
        finally
        {
            if (claimed.Count < free)
            {
                _slots.Release(free - claimed.Count);
            }
        }

        foreach (var task in claimed)
        {
            inFlight.Tasks[task.Seq] = 0;
            _ = Task.Run(() => ExecuteAsync(task, abort), CancellationToken.None);
        }

        return claimed.Count > 0;
    }

    private async Task ExecuteAsync(ClaimedTask task, CancellationToken abort)
    {
        TaskOutcome outcome;
        try
        {
            outcome = await RunAsync(task, abort);
        }
        catch (Exception) when (abort.IsCancellationRequested)
        {
            // Shutdown's grace period is over: the task stays in flight and is handed back.
            _slots.Release();
            return;
        }

        if (!_outcomes.Writer.TryWrite(outcome))
        {
            _slots.Release();
        }
    }

    private async Task<TaskOutcome> RunAsync(ClaimedTask task, CancellationToken abort)
    {
        if (task.DequeueCount > _options.MaxDequeueCount)
        {
            DurableLog.PoisonActivity(logger, task.Name, task.InstanceId, task.DequeueCount);
            return Failed(task, new FailureDetails("PoisonActivity",
                $"Activity '{task.Name}' was dequeued {task.DequeueCount} times without a result (more than MaxDequeueCount = " +
                $"{_options.MaxDequeueCount}); a worker probably crashed running it each time."));
        }

        if (registry.FindActivity(task.Name) is not { } activity)
        {
            DurableLog.ActivityNotFound(logger, task.Name, task.InstanceId);
            return Failed(task, new FailureDetails("ActivityNotFound",
                $"No activity named '{task.Name}' is registered in this worker (registered: {registry.ActivityNames})."));
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var context = new ActivityContext(task.Name, task.InstanceId, task.TaskId, scope.ServiceProvider, abort);
            return new TaskOutcome(task.Seq, true, await activity.Run(context, task.Input));
        }
        catch (Exception e) when (!abort.IsCancellationRequested)
        {
            DurableLog.ActivityFailed(logger, task.Name, task.TaskId, task.InstanceId, e);
            return Failed(task, FailureDetails.FromException(e));
        }
    }

    private static TaskOutcome Failed(ClaimedTask task, FailureDetails failure) =>
        new(task.Seq, false, DurableJson.Serialize(failure));
}

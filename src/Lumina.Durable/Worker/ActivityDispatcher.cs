using System.Threading.Channels;
using Lumina.Durable.Activities;
using Lumina.Durable.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lumina.Durable.Worker;

/// <summary>
/// Claims activity tasks in batches, runs them on MaxConcurrentActivities executor loops (each call in a DI
/// scope), and records their outcomes in batches. A worker holds at most twice MaxConcurrentActivities
/// tasks claimed but not yet recorded: the running ones and one round claimed ahead, so that executors do
/// not wait for a round trip, while other workers still get their share.
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
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(5);
    private readonly DurableOptions _options = options.Value;
    private readonly SemaphoreSlim _capacity = new(2 * options.Value.MaxConcurrentActivities);
    private readonly Channel<ClaimedTask> _claimed = Channel.CreateUnbounded<ClaimedTask>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Channel<TaskOutcome> _outcomes = Channel.CreateUnbounded<TaskOutcome>(new UnboundedChannelOptions { SingleReader = true });

    private int Capacity => 2 * _options.MaxConcurrentActivities;

    /// <summary>Claims until <paramref name="stop"/>; <paramref name="abort"/> cancels running activities.</summary>
    public Task RunAsync(string owner, CancellationToken stop, CancellationToken abort) =>
        PollingLoop.RunAsync("activity", () => PollAsync(owner, stop, abort), signals.Activities, _options, logger, stop);

    /// <summary>The executor loops: run claimed tasks until the claims end (<see cref="Close"/>) or <paramref name="abort"/>.</summary>
    public Task ExecuteAsync(CancellationToken abort) =>
        Task.WhenAll(Enumerable.Range(0, _options.MaxConcurrentActivities).Select(_ => Task.Run(async () =>
        {
            await foreach (var task in _claimed.Reader.ReadAllAsync(abort))
            {
                var outcome = await RunAsync(task, abort);
                if (outcome is not null)
                {
                    _outcomes.Writer.TryWrite(outcome);
                }
            }
        }, CancellationToken.None)));

    /// <summary>Records outcomes until <see cref="Close"/> is called.</summary>
    public async Task RecordOutcomesAsync(CancellationToken abort)
    {
        var reader = _outcomes.Reader;
        var batch = new List<TaskOutcome>();
        while (await reader.WaitToReadAsync(abort))
        {
            Take(reader, batch);
            if (batch.Count > 1 && batch.Count < MaxOutcomesPerCompletion)
            {
                // Outcomes are streaming in: a moment's wait makes one larger batch, and so fewer episodes.
                await Task.Delay(Linger, abort);
                Take(reader, batch);
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
                    _capacity.Release(batch.Count);
                }
            }

            batch.Clear();
        }
    }

    private static void Take(ChannelReader<TaskOutcome> reader, List<TaskOutcome> batch)
    {
        while (batch.Count < MaxOutcomesPerCompletion && reader.TryRead(out var outcome))
        {
            batch.Add(outcome);
        }
    }

    /// <summary>Waits until every claimed task has run and its outcome is recorded.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        for (var i = 0; i < Capacity; i++)
        {
            await _capacity.WaitAsync(ct);
        }
    }

    /// <summary>No more claims: the executors end once the claimed tasks have run, then the outcomes are recorded.</summary>
    public void Close() => _claimed.Writer.TryComplete();

    /// <summary>After the executors ended: the recorder ends once it has recorded what they produced.</summary>
    public void CloseOutcomes() => _outcomes.Writer.TryComplete();

    private async Task<bool> PollAsync(string owner, CancellationToken stop, CancellationToken abort)
    {
        await _capacity.WaitAsync(stop);
        var free = 1;
        while (free < _options.MaxActivitiesPerClaim && _capacity.Wait(0))
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
                _capacity.Release(free - claimed.Count);
            }
        }

        foreach (var task in claimed)
        {
            inFlight.Tasks[task.Seq] = 0;
            _claimed.Writer.TryWrite(task);
        }

        return claimed.Count > 0;
    }

    /// <summary>Runs a task; null when shutdown's grace period ended first (the task is then handed back).</summary>
    private async Task<TaskOutcome?> RunAsync(ClaimedTask task, CancellationToken abort)
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
        catch (Exception) when (abort.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            DurableLog.ActivityFailed(logger, task.Name, task.TaskId, task.InstanceId, e);
            return Failed(task, FailureDetails.FromException(e));
        }
    }

    private static TaskOutcome Failed(ClaimedTask task, FailureDetails failure) =>
        new(task.Seq, false, DurableJson.Serialize(failure));
}

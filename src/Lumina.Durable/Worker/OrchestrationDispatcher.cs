using Lumina.Durable.Orchestration.Replay;
using Lumina.Durable.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lumina.Durable.Worker;

/// <summary>
/// Claims orchestration episodes one at a time and runs up to MaxConcurrentOrchestrations of them at once:
/// each takes its session from the cache (or replays the history), applies the new events and checkpoints.
/// </summary>
internal sealed class OrchestrationDispatcher(
    OrchestrationStore store,
    InstanceStore instances,
    SessionCache cache,
    DurableRegistry registry,
    IServiceProvider services,
    ILoggerFactory loggerFactory,
    WorkSignals signals,
    InFlightWork inFlight,
    TimeProvider time,
    IOptions<DurableOptions> options)
{
    private readonly DurableOptions _options = options.Value;
    private readonly ILogger _logger = loggerFactory.CreateLogger<OrchestrationDispatcher>();
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentOrchestrations);

    /// <summary>Claims until <paramref name="stop"/>; <paramref name="abort"/> cancels running episodes.</summary>
    public Task RunAsync(string owner, CancellationToken stop, CancellationToken abort) =>
        PollingLoop.RunAsync("orchestration", () => PollAsync(owner, stop, abort), signals.Orchestrations, _options, _logger, stop);

    /// <summary>Waits until no episode runs.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        for (var i = 0; i < _options.MaxConcurrentOrchestrations; i++)
        {
            await _slots.WaitAsync(ct);
        }
    }

    private async Task<bool> PollAsync(string owner, CancellationToken stop, CancellationToken abort)
    {
        await _slots.WaitAsync(stop);
        ClaimedOrchestration? claim = null;
        try
        {
            claim = await store.ClaimAsync(owner, abort);
        }
        finally
        {
            if (claim is null)
            {
                _slots.Release();
            }
        }

        if (claim is null)
        {
            return false;
        }

        // When shutdown aborts the episode, the instance stays in flight and the worker hands its lock back.
        inFlight.Instances[claim.InstanceId] = 0;
        _ = Task.Run(async () =>
        {
            try
            {
                await RunEpisodeAsync(claim, owner, abort);
                inFlight.Instances.TryRemove(claim.InstanceId, out _);
            }
            finally
            {
                _slots.Release();
            }
        }, CancellationToken.None);
        return true;
    }

    private async Task RunEpisodeAsync(ClaimedOrchestration claim, string owner, CancellationToken abort)
    {
        try
        {
            if (!claim.Status.IsActive())
            {
                await store.ReleaseAsync(owner, claim.InstanceId, claim.Events.Select(e => e.Seq).ToList(), abort);
                DurableLog.StrayEventsDiscarded(_logger, claim.InstanceId, claim.Events.Count);
                return;
            }

            var session = await GetSessionAsync(claim, abort);
            var checkpoint = session.RunEpisode(claim.Events, time.GetUtcNow().UtcDateTime);
            if (!await store.CheckpointAsync(checkpoint, owner, abort))
            {
                DurableLog.DuplicateEpisodeDropped(_logger, claim.InstanceId, claim.HistoryVersion);
                await store.ReleaseAsync(owner, claim.InstanceId, [], abort);
                return;
            }

            session.Committed(checkpoint);
            if (!session.IsFinished)
            {
                cache.Put(session);
            }

            Announce(claim, checkpoint);
        }
        catch (Exception e) when (!abort.IsCancellationRequested)
        {
            DurableLog.EpisodeFailed(_logger, claim.InstanceId, e);
            try
            {
                await store.ReleaseAsync(owner, claim.InstanceId, [], abort);
            }
            catch (Exception releaseError) when (!abort.IsCancellationRequested)
            {
                DurableLog.ReleaseFailed(_logger, releaseError);
            }
        }
    }

    private async Task<OrchestrationSession> GetSessionAsync(ClaimedOrchestration claim, CancellationToken ct)
    {
        if (claim.ClaimCount > _options.MaxDequeueCount)
        {
            DurableLog.PoisonOrchestration(_logger, claim.InstanceId, claim.ClaimCount);
            var poisoned = new OrchestrationSession(claim, registry, services, loggerFactory);
            poisoned.FailAsPoison(
                $"Instance '{claim.InstanceId}' was claimed {claim.ClaimCount} times without completing an episode " +
                $"(more than MaxDequeueCount = {_options.MaxDequeueCount}); a worker probably crashed running it each time.");
            return poisoned;
        }

        if (cache.Take(claim) is { } cached)
        {
            return cached;
        }

        var session = new OrchestrationSession(claim, registry, services, loggerFactory);
        if (claim.HistoryVersion > 0)
        {
            var history = await instances.GetHistoryAsync(claim.InstanceId, claim.ExecutionId, ct);
            session.Replay(history);
            DurableLog.Replayed(_logger, claim.InstanceId, history.Count);
        }

        return session;
    }

    private void Announce(ClaimedOrchestration claim, Checkpoint checkpoint)
    {
        if (checkpoint.Tasks.Count > 0)
        {
            signals.Activities.Pulse();
        }

        if (checkpoint.Children.Count > 0 || checkpoint.Events.Count > 0 || checkpoint.Status == OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            signals.Orchestrations.Pulse();
        }

        if (!checkpoint.Status.IsActive())
        {
            signals.Completions.Pulse();
            if (checkpoint.Status == OrchestrationRuntimeStatus.Failed)
            {
                DurableLog.OrchestrationFailed(_logger, claim.Name, claim.InstanceId, checkpoint.Output);
            }
            else
            {
                DurableLog.OrchestrationEnded(_logger, claim.Name, claim.InstanceId, checkpoint.Status);
            }
        }
    }
}

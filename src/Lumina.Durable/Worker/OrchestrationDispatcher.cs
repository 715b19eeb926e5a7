using Lumina.Durable.Orchestration.Replay;
using Lumina.Durable.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lumina.Durable.Worker;

/// <summary>
/// Runs MaxConcurrentOrchestrations loops, each claiming one episode at a time: it takes the instance's
/// session from the cache (or replays the history), applies the new events and checkpoints.
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

    /// <summary>Claims until <paramref name="stop"/>, finishing the episodes it has; <paramref name="abort"/> cancels them.</summary>
    public Task RunAsync(string owner, CancellationToken stop, CancellationToken abort) =>
        Task.WhenAll(Enumerable.Range(0, _options.MaxConcurrentOrchestrations).Select(_ =>
            PollingLoop.RunAsync("orchestration", () => PollAsync(owner, stop, abort), signals.Orchestrations, _options, _logger, stop)));

    /// <summary>Claims an episode and runs it, then the next one its checkpoint claimed, until none comes.</summary>
    private async Task<bool> PollAsync(string owner, CancellationToken stop, CancellationToken abort)
    {
        var claim = await store.ClaimAsync(owner, abort);
        if (claim is null)
        {
            return false;
        }

        while (claim is not null)
        {
            // When shutdown aborts the episode, the instance stays in flight and the worker hands its lock back.
            inFlight.Instances[claim.InstanceId] = 0;
            var next = await RunEpisodeAsync(claim, owner, claimNext: !stop.IsCancellationRequested, abort);
            inFlight.Instances.TryRemove(claim.InstanceId, out _);
            claim = next;
        }

        return true;
    }

    /// <summary>Runs one episode; returns the next episode claimed with its checkpoint, if any.</summary>
    private async Task<ClaimedOrchestration?> RunEpisodeAsync(ClaimedOrchestration claim, string owner, bool claimNext, CancellationToken abort)
    {
        OrchestrationSession? session = null;
        try
        {
            if (!claim.Status.IsActive())
            {
                await store.ReleaseAsync(owner, claim.InstanceId, claim.Events.Select(e => e.Seq).ToList(), abort);
                DurableLog.StrayEventsDiscarded(_logger, claim.InstanceId, claim.Events.Count);
                return null;
            }

            session = await GetSessionAsync(claim, abort);
            var checkpoint = session.RunEpisode(claim.Events, time.GetUtcNow().UtcDateTime);

            // Cached before the checkpoint commits, because the instance can be claimed again the moment it
            // does. Should the checkpoint not apply, the session's version no longer matches and it is replaced.
            session.Advance(checkpoint);
            if (!session.IsFinished)
            {
                cache.Put(session);
            }

            var (applied, next) = await store.CheckpointAsync(checkpoint, owner, claimNext, abort);
            if (!applied)
            {
                cache.Evict(session);
                DurableLog.DuplicateEpisodeDropped(_logger, claim.InstanceId, claim.HistoryVersion);
                await store.ReleaseAsync(owner, claim.InstanceId, [], abort);
                return null;
            }

            Announce(claim, checkpoint);
            return next;
        }
        catch (Exception e) when (!abort.IsCancellationRequested)
        {
            if (session is not null)
            {
                cache.Evict(session);
            }

            DurableLog.EpisodeFailed(_logger, claim.InstanceId, e);
            try
            {
                await store.ReleaseAsync(owner, claim.InstanceId, [], abort);
            }
            catch (Exception releaseError) when (!abort.IsCancellationRequested)
            {
                DurableLog.ReleaseFailed(_logger, releaseError);
            }

            return null;
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

        var others = checkpoint.Events.Where(e => e.InstanceId != claim.InstanceId).Select(e => e.InstanceId)
            .Concat(checkpoint.Children.Select(c => c.InstanceId)).Distinct().Count();
        if (others > 0)
        {
            signals.Orchestrations.Pulse(others);
        }

        if (!checkpoint.Status.IsActive())
        {
            signals.Completions.PulseAll();
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

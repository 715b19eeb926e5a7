using Lumina.Durable.Orchestration.Replay;
using Lumina.Durable.Storage;
using Microsoft.Extensions.Options;

namespace Lumina.Durable.Worker;

/// <summary>
/// Running orchestrators kept between episodes (extended sessions), least recently used first out. A cached
/// session is used only if the claimed instance is still at the execution and history version it left, so a
/// session outdated by another worker's episode is replaced by a replay.
/// </summary>
internal sealed class SessionCache(IOptions<DurableOptions> options, TimeProvider time)
{
    private readonly DurableOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byInstance = [];
    private readonly LinkedList<Entry> _recent = [];

    /// <summary>Removes and returns the instance's session if it matches the claim.</summary>
    public OrchestrationSession? Take(ClaimedOrchestration claim)
    {
        lock (_gate)
        {
            if (!_byInstance.Remove(claim.InstanceId, out var node))
            {
                return null;
            }

            _recent.Remove(node);
            var session = node.Value.Session;
            return session.ExecutionId == claim.ExecutionId && session.Version == claim.HistoryVersion ? session : null;
        }
    }

    public void Put(OrchestrationSession session)
    {
        if (_options.MaxCachedOrchestrations == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_byInstance.Remove(session.InstanceId, out var old))
            {
                _recent.Remove(old);
            }

            _byInstance[session.InstanceId] = _recent.AddFirst(new Entry(session, now));
            while (_recent.Last is { } oldest &&
                (_byInstance.Count > _options.MaxCachedOrchestrations || now - oldest.Value.LastUsed > _options.CachedOrchestrationIdleTimeout))
            {
                _recent.RemoveLast();
                _byInstance.Remove(oldest.Value.Session.InstanceId);
            }
        }
    }

    /// <summary>Drops the session if it is still cached: its checkpoint did not apply, or may not have.</summary>
    public void Evict(OrchestrationSession session)
    {
        lock (_gate)
        {
            if (_byInstance.TryGetValue(session.InstanceId, out var node) && node.Value.Session == session)
            {
                _byInstance.Remove(session.InstanceId);
                _recent.Remove(node);
            }
        }
    }

    private sealed record Entry(OrchestrationSession Session, DateTimeOffset LastUsed);
}

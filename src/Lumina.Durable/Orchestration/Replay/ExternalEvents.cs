namespace Lumina.Durable.Orchestration.Replay;

/// <summary>
/// Raised events of one execution: delivered to the oldest waiter of the same (case-insensitive) name,
/// or buffered in arrival order until someone waits.
/// </summary>
internal sealed class ExternalEvents
{
    private readonly List<(string Name, string? Payload)> _buffered = [];
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Events that arrived and were not taken, oldest first.</summary>
    public IReadOnlyList<(string Name, string? Payload)> Buffered => _buffered;

    public Task<string?> WaitAsync(string name, CancellationToken cancellationToken)
    {
        var index = _buffered.FindIndex(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            var payload = _buffered[index].Payload;
            _buffered.RemoveAt(index);
            return Task.FromResult(payload);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<string?>(cancellationToken);
        }

        var waiter = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(name, out var queue))
        {
            _waiters[name] = queue = new LinkedList<TaskCompletionSource<string?>>();
        }

        var node = queue.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    queue.Remove(node);
                }

                waiter.TrySetCanceled(cancellationToken);
            });
        }

        return waiter.Task;
    }

    public void Deliver(string name, string? payload)
    {
        if (_waiters.TryGetValue(name, out var queue) && queue.First is { } first)
        {
            queue.RemoveFirst();
            first.Value.TrySetResult(payload);
        }
        else
        {
            _buffered.Add((name, payload));
        }
    }
}

namespace Lumina.Durable.Postgres.Polling;

/// <summary>
/// Wakes idle pollers when new work may be there, so that they need not wait for their next poll.
/// <see cref="Pulse"/> wakes one waiter; with none waiting it is kept for the next one (at most one is
/// kept, so a pulse sent while every poller was polling is not lost). <see cref="PulseAll"/> wakes all.
/// </summary>
internal sealed class WakeSignal
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = [];
    private bool _kept;

    public void Pulse()
    {
        lock (_gate)
        {
            if (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                first.Value.TrySetResult();
            }
            else
            {
                _kept = true;
            }
        }
    }

    public void PulseAll()
    {
        lock (_gate)
        {
            foreach (var waiter in _waiters)
            {
                waiter.TrySetResult();
            }

            _waiters.Clear();
            _kept = true;
        }
    }

    /// <summary>Waits for a pulse at most <paramref name="timeout"/>; throws when cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            if (_kept)
            {
                _kept = false;
                return;
            }

            node = _waiters.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        try
        {
            await node.Value.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            // No pulse in time: poll anyway.
        }
        finally
        {
            lock (_gate)
            {
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                }
            }
        }
    }
}

/// <summary>Idle polling waits: from the minimum, doubling up to the maximum, with ±20% jitter so pollers drift apart.</summary>
internal sealed class Backoff(TimeSpan minimum, TimeSpan maximum)
{
    private TimeSpan? _next;

    public TimeSpan Next()
    {
        var next = _next ?? minimum;
        _next = TimeSpan.FromTicks(Math.Min(next.Ticks * 2, maximum.Ticks));
        return next * (0.8 + (0.4 * Random.Shared.NextDouble()));
    }

    public void Reset() => _next = null;
}

using Microsoft.Extensions.Options;

namespace Lumina.Durable.Worker;

/// <summary>
/// Wakes this process's idle pollers when it has just made work for them, so they need not wait for their
/// next poll: <see cref="Pulse"/> wakes as many waiters as there are new pieces of work (a pulse that
/// finds too few waiters is kept for the next ones, up to <c>maxKept</c>, so one sent during a poll is not lost);
/// <see cref="PulseAll"/> wakes every waiter.
/// </summary>
internal sealed class WorkSignal(int maxKept)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = [];
    private int _kept;

    public void Pulse(int count = 1)
    {
        lock (_gate)
        {
            while (count > 0 && _waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                first.Value.TrySetResult();
                count--;
            }

            _kept = Math.Min(_kept + count, maxKept);
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
        }
    }

    /// <summary>Waits for a pulse at most <paramref name="timeout"/>; throws when cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            if (_kept > 0)
            {
                _kept--;
                return;
            }

            node = _waiters.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await Task.WhenAny(node.Value.Task, Task.Delay(timeout, timer.Token));
        await timer.CancelAsync();
        lock (_gate)
        {
            if (node.List is not null)
            {
                _waiters.Remove(node);
            }
        }

        ct.ThrowIfCancellationRequested();
    }
}

/// <summary>The signals of one process: work for orchestrations, work for activities, finished instances.</summary>
internal sealed class WorkSignals(IOptions<DurableOptions> options)
{
    public WorkSignal Orchestrations { get; } = new(Math.Max(options.Value.MaxConcurrentOrchestrations, 1));

    public WorkSignal Activities { get; } = new(1);

    public WorkSignal Completions { get; } = new(0);
}

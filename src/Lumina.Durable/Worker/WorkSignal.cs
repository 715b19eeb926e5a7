namespace Lumina.Durable.Worker;

/// <summary>
/// Wakes this process's idle pollers when it has just made work for them, so they need not wait for their
/// next poll. Take <see cref="Next"/> before polling, so that a pulse during the poll is not missed.
/// </summary>
internal sealed class WorkSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits until <paramref name="next"/> is pulsed or <paramref name="timeout"/> passes; throws when cancelled.</summary>
    public static async Task WaitAsync(Task next, TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await Task.WhenAny(next, Task.Delay(timeout, timer.Token));
        await timer.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}

/// <summary>The signals of one process: work for orchestrations, work for activities, finished instances.</summary>
internal sealed class WorkSignals
{
    public WorkSignal Orchestrations { get; } = new();

    public WorkSignal Activities { get; } = new();

    public WorkSignal Completions { get; } = new();
}

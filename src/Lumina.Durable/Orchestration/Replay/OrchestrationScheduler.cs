namespace Lumina.Durable.Orchestration.Replay;

/// <summary>
/// Runs all of an orchestrator's code on the thread applying its events: the orchestrator starts as a task
/// on this scheduler, and its continuations come back through <see cref="OrchestrationSynchronizationContext"/>
/// into the same queue, which <see cref="RunUntilIdle"/> drains in order. Work queued from any other thread
/// means the orchestrator awaited something that is not a durable task; it is recorded as a violation.
/// </summary>
internal sealed class OrchestrationScheduler : TaskScheduler
{
    private readonly Queue<Task> _ready = new();
    private readonly OrchestrationSynchronizationContext _context;
    private int _ownerThread;

    public OrchestrationScheduler() => _context = new OrchestrationSynchronizationContext(this);

    /// <summary>Set when code outside the orchestration thread tried to continue the orchestrator.</summary>
    public string? Violation { get; private set; }

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Makes the calling thread the orchestration thread until the scope is disposed.</summary>
    public Scope Enter()
    {
        var previous = SynchronizationContext.Current;
        Volatile.Write(ref _ownerThread, Environment.CurrentManagedThreadId);
        SynchronizationContext.SetSynchronizationContext(_context);
        return new Scope(this, previous);
    }

    public Task<T> Start<T>(Func<Task<T>> function) =>
        Task.Factory.StartNew(function, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    public void Post(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this);

    public void RunUntilIdle()
    {
        while (_ready.TryDequeue(out var task))
        {
            TryExecuteTask(task);
        }
    }

    protected override void QueueTask(Task task)
    {
        if (Environment.CurrentManagedThreadId != Volatile.Read(ref _ownerThread))
        {
            Violation ??= "The orchestrator awaited work that is not a durable task (for example Task.Delay, Task.Run, " +
                "I/O or ConfigureAwait(false)); orchestrators may await only the tasks of their context.";
            return;
        }

        _ready.Enqueue(task);
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        Environment.CurrentManagedThreadId == Volatile.Read(ref _ownerThread) && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _ready.ToArray();

    public readonly struct Scope(OrchestrationScheduler scheduler, SynchronizationContext? previous) : IDisposable
    {
        public void Dispose()
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            Volatile.Write(ref scheduler._ownerThread, 0);
        }
    }
}

/// <summary>Sends every continuation of an orchestrator back to its <see cref="OrchestrationScheduler"/>.</summary>
internal sealed class OrchestrationSynchronizationContext(OrchestrationScheduler scheduler) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => scheduler.Post(() => d(state));

    public override void Send(SendOrPostCallback d, object? state) => scheduler.Post(() => d(state));

    public override SynchronizationContext CreateCopy() => this;
}

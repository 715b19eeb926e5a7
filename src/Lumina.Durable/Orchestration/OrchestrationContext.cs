using Microsoft.Extensions.Logging;

namespace Lumina.Durable.Orchestration;

/// <summary>
/// What an orchestrator sees. The orchestrator re-runs from the start on every replay, so it must be
/// deterministic: it may await only the tasks this context returns, and it takes the time, new ids and
/// logging from here, never from the machine.
/// </summary>
public abstract class OrchestrationContext
{
    public abstract string InstanceId { get; }

    /// <summary>The orchestrator's registered name.</summary>
    public abstract string Name { get; }

    /// <summary>The time the current episode started: the same on every replay.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the orchestrator re-runs past history rather than new events.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>The instance's input, deserialized as <typeparamref name="T"/>.</summary>
    public abstract T? GetInput<T>();

    /// <summary>Schedules an activity and returns its result; a failed activity throws <see cref="TaskFailedException"/>.</summary>
    public abstract Task<T> CallActivityAsync<T>(string name, object? input = null, TaskOptions? options = null);

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    /// <summary>
    /// Starts a child orchestration and returns its output; a failed child throws <see cref="TaskFailedException"/>.
    /// The child's id is <see cref="SubOrchestrationOptions.InstanceId"/> or "{parent id}:{call number}".
    /// </summary>
    public abstract Task<T> CallSubOrchestratorAsync<T>(string name, object? input = null, SubOrchestrationOptions? options = null);

    public Task CallSubOrchestratorAsync(string name, object? input = null, SubOrchestrationOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(name, input, options);

    /// <summary>A durable timer: completes at <paramref name="fireAt"/> (UTC) even across restarts; cancelling the token cancels the task.</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>
    /// Waits for an event raised to this instance. Names are case-insensitive; events that arrive before
    /// anyone waits are buffered and handed out first in, first out.
    /// </summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an event at most <paramref name="timeout"/>; on timeout the task throws <see cref="TaskCanceledException"/>.</summary>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var timerCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var eventCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = CreateTimer(timeout, timerCancellation.Token);
        var received = WaitForExternalEvent<T>(eventName, eventCancellation.Token);
        // Cancel synchronously: callbacks must run on the orchestration thread.
        if (await Task.WhenAny(received, timer) == received)
        {
            timerCancellation.Cancel();
        }
        else
        {
            eventCancellation.Cancel();
        }

        return await received;
    }

    /// <summary>Raises an event on another instance (fire and forget; dropped if that instance does not exist).</summary>
    public abstract void SendEvent(string instanceId, string eventName, object? payload = null);

    /// <summary>A JSON-serializable progress value shown in the instance's status.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>
    /// Ends this execution when the orchestrator returns and starts a fresh one (empty history) with
    /// <paramref name="newInput"/>. Buffered external events move to the new execution unless
    /// <paramref name="preserveUnprocessedEvents"/> is false.
    /// </summary>
    public abstract void ContinueAsNew(object? newInput, bool preserveUnprocessedEvents = true);

    /// <summary>A new id, the same on every replay (a name-based UUID from the instance id, the current time and a counter).</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes nothing while the orchestrator replays, so each message is written once.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}

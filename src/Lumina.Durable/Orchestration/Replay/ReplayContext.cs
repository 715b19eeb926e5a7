using Lumina.Durable.History;
using Lumina.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace Lumina.Durable.Orchestration.Replay;

/// <summary>
/// The context of one execution: numbers each durable call, keeps the calls not yet matched to history
/// (pending) and the tasks not yet completed (open), and holds external events and custom status.
/// </summary>
internal sealed class ReplayContext(string instanceId, string name, string? input, ILoggerFactory loggerFactory) : OrchestrationContext
{
    private readonly SortedDictionary<int, PendingAction> _pending = [];
    private readonly Dictionary<int, OpenTask> _open = [];
    private int _nextId;
    private int _guidCounter;
    private DateTime _now;
    private bool _replaying;

    public override string InstanceId => instanceId;

    public override string Name => name;

    public override DateTime CurrentUtcDateTime => _now;

    public override bool IsReplaying => _replaying;

    public ExternalEvents Events { get; } = new();

    public string? CustomStatus { get; private set; }

    /// <summary>Set when the orchestrator asked to continue as new.</summary>
    public (string? Input, bool PreserveEvents)? ContinueAsNewRequest { get; private set; }

    public void SetTime(DateTime utcNow) => _now = utcNow;

    public void SetReplaying(bool replaying) => _replaying = replaying;

    public override T? GetInput<T>() where T : default => DurableJson.Deserialize<T>(input);

    public override Task<T> CallActivityAsync<T>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var serialized = DurableJson.Serialize(input);
        return options?.Retry is { } retry
            ? retry.RunAsync(this, () => ScheduleAsync<T>(ActionKind.Activity, name, serialized, null))
            : ScheduleAsync<T>(ActionKind.Activity, name, serialized, null);
    }

    public override Task<T> CallSubOrchestratorAsync<T>(string name, object? input = null, SubOrchestrationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var serialized = DurableJson.Serialize(input);
        return options?.Retry is { } retry
            ? retry.RunAsync(this, () => ScheduleAsync<T>(ActionKind.SubOrchestration, name, serialized, options.InstanceId))
            : ScheduleAsync<T>(ActionKind.SubOrchestration, name, serialized, options?.InstanceId);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var open = Schedule(ActionKind.Timer, "", null, null, StoredTime.Utc(fireAt));
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() => open.Source.TrySetCanceled(cancellationToken));
        }

        return open.Source.Task;
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return DurableJson.Deserialize<T>(await Events.WaitAsync(eventName, cancellationToken))!;
    }

    public override void SendEvent(string instanceId, string eventName, object? payload = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var id = _nextId++;
        _pending.Add(id, new PendingAction(ActionKind.SendEvent, id, eventName, DurableJson.Serialize(payload), instanceId));
    }

    public override void SetCustomStatus(object? customStatus) => CustomStatus = DurableJson.Serialize(customStatus);

    public override void ContinueAsNew(object? newInput, bool preserveUnprocessedEvents = true) =>
        ContinueAsNewRequest = (DurableJson.Serialize(newInput), preserveUnprocessedEvents);

    public override Guid NewGuid() => DeterministicGuid.Create($"{InstanceId}_{CurrentUtcDateTime:O}_{_guidCounter++}");

    public override ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(loggerFactory.CreateLogger(categoryName), this);

    /// <summary>Replay met the history event of a call: it must be the call the orchestrator made with that number.</summary>
    public void MatchScheduled(HistoryEvent scheduled)
    {
        var id = scheduled.TaskId ?? -1;
        if (!_pending.Remove(id, out var action))
        {
            throw new NonDeterminismException(
                $"The history records call #{id} as {PendingAction.Describe(scheduled)}, but on replay the orchestrator did not make call #{id}.");
        }

        if (action.ScheduledEventType != scheduled.EventType ||
            !string.Equals(action.Kind == ActionKind.Timer ? null : action.Name, scheduled.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new NonDeterminismException(
                $"The history records call #{id} as {PendingAction.Describe(scheduled)}, but on replay the orchestrator made {action.Describe()} instead.");
        }
    }

    /// <summary>Completes the open task the event is for; false when there is none (a duplicate or stale event).</summary>
    public bool Complete(HistoryEvent completion)
    {
        if (completion.TaskId is not { } id || !_open.Remove(id, out var open))
        {
            return false;
        }

        open.Complete(completion);
        return true;
    }

    /// <summary>The calls not matched to history: the new work of this episode, in call order.</summary>
    public List<PendingAction> TakeNewActions()
    {
        var actions = _pending.Values.ToList();
        _pending.Clear();
        return actions;
    }

    private async Task<T> ScheduleAsync<T>(ActionKind kind, string name, string? input, string? instanceId)
    {
        var result = await Schedule(kind, name, input, instanceId, null).Source.Task;
        return DurableJson.Deserialize<T>(result)!;
    }

    private OpenTask Schedule(ActionKind kind, string name, string? payload, string? instanceRef, DateTime? fireAt)
    {
        var id = _nextId++;
        var child = kind == ActionKind.SubOrchestration ? instanceRef ?? $"{InstanceId}:{id}" : instanceRef;
        var action = new PendingAction(kind, id, name, payload, child, fireAt);
        _pending.Add(id, action);
        var open = new OpenTask(action);
        _open.Add(id, open);
        return open;
    }
}

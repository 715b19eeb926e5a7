using DurableTask.Core;
using DurableTask.Core.History;

namespace Lumina.Durable.Postgres.Storage;

/// <summary>
/// Everything one episode writes (durabletask.checkpoint_orchestration's arguments), built from what
/// DurableTask.Core hands to CompleteTaskOrchestrationWorkItemAsync.
/// </summary>
internal sealed class Checkpoint
{
    private Checkpoint(ClaimedOrchestration claim, OrchestrationRuntimeState state, OrchestrationState status)
    {
        Claim = claim;
        var instance = state.OrchestrationInstance!;
        ExecutionId = instance.ExecutionId;
        Name = status.Name;
        Version = status.Version;
        Status = status.OrchestrationStatus.ToString();
        CustomStatus = status.Status;
        Output = status.Output;
        FailureDetails = status.FailureDetails is { } failure ? EventCodec.Serialize(failure) : null;
        if (ContinuedAsNew)
        {
            Input = status.Input;
            Tags = Json(status.Tags);
        }

        HistoryStart = state.Events.Count - state.NewEvents.Count;
    }

    public ClaimedOrchestration Claim { get; }

    public string InstanceId => Claim.InstanceId;

    public string ExecutionId { get; }

    /// <summary>The episode ran ContinueAsNew: the instance runs a new execution, whose whole history is new.</summary>
    public bool ContinuedAsNew => ExecutionId != Claim.ExecutionId;

    public string Name { get; }

    public string? Version { get; }

    public string Status { get; }

    public bool Finished => Status is nameof(OrchestrationStatus.Completed) or nameof(OrchestrationStatus.Failed)
        or nameof(OrchestrationStatus.Terminated) or nameof(OrchestrationStatus.Canceled);

    public string? Input { get; }

    public string? Output { get; }

    public string? CustomStatus { get; }

    public string? FailureDetails { get; }

    public string? Tags { get; }

    public int HistoryStart { get; }

    public List<(StoredEvent Event, int? TaskId, DateTime Time)> History { get; } = [];

    /// <summary>New payload rows: the instance they belong to, their id and value.</summary>
    public List<(string InstanceId, Guid Id, string Value)> Payloads { get; } = [];

    public List<(string Name, int TaskId, StoredEvent Event, string? Context)> Tasks { get; } = [];

    /// <summary>Events for inboxes: other instances' (at once) and this one's timers (at their time).</summary>
    public List<(string InstanceId, string? ExecutionId, StoredEvent Event, DateTime? VisibleTime)> Events { get; } = [];

    /// <summary>Sub-orchestrations to create, in instance id order.</summary>
    public List<Child> Children { get; } = [];

    public static Checkpoint Build(
        ClaimedOrchestration claim, OrchestrationRuntimeState state, IList<TaskMessage> activities,
        IList<TaskMessage> orchestrationMessages, IList<TaskMessage> timers, OrchestrationState status, int inlineLimit)
    {
        var checkpoint = new Checkpoint(claim, state, status);
        foreach (var historyEvent in state.NewEvents)
        {
            // An event that came with a payload row (a large claimed event) keeps referencing it.
            var stored = claim.EventPayloads.TryGetValue(historyEvent, out var payloadId)
                && EventCodec.Encode(historyEvent, inlineLimit) is { PayloadId: not null } encoded
                ? encoded with { PayloadId = payloadId, Payload = null }
                : checkpoint.Stored(claim.InstanceId, historyEvent, inlineLimit);

            checkpoint.History.Add((stored, TaskId(historyEvent), FunctionCall.Utc(historyEvent.Timestamp)));
        }

        foreach (var message in activities)
        {
            var scheduled = (TaskScheduledEvent)message.Event;
            var tags = message.OrchestrationExecutionContext?.OrchestrationTags;
            checkpoint.Tasks.Add((scheduled.Name ?? throw new InvalidOperationException("An activity was scheduled without a name."), scheduled.EventId, checkpoint.Stored(claim.InstanceId, scheduled, inlineLimit),
                tags is { Count: > 0 } ? EventCodec.Serialize(message.OrchestrationExecutionContext!) : null));
        }

        foreach (var message in timers)
        {
            var fired = (TimerFiredEvent)message.Event;
            checkpoint.Events.Add((claim.InstanceId, message.OrchestrationInstance.ExecutionId,
                checkpoint.Stored(claim.InstanceId, fired, inlineLimit), FunctionCall.Utc(fired.FireAt)));
        }

        foreach (var message in orchestrationMessages)
        {
            var target = message.OrchestrationInstance;
            if (message.Event is ExecutionStartedEvent started)
            {
                checkpoint.Children.Add(new Child(
                    target.InstanceId, target.ExecutionId, started.Name, started.Version, started.Input, Json(started.Tags),
                    Json(started.ParentInstance), started.ParentInstance?.TaskScheduleId ?? -1, EventCodec.Encode(started, inlineLimit)));
            }
            else
            {
                checkpoint.Events.Add((target.InstanceId, target.ExecutionId, checkpoint.Stored(target.InstanceId, message.Event, inlineLimit), null));
            }
        }

        checkpoint.Children.Sort((a, b) => string.CompareOrdinal(a.InstanceId, b.InstanceId));
        return checkpoint;
    }

    /// <summary>The event's task id: its own for scheduling events, the scheduling event's for results.</summary>
    public static int? TaskId(HistoryEvent historyEvent) => historyEvent switch
    {
        TaskScheduledEvent or TimerCreatedEvent or SubOrchestrationInstanceCreatedEvent or EventSentEvent => historyEvent.EventId,
        TaskCompletedEvent completed => completed.TaskScheduledId,
        TaskFailedEvent failed => failed.TaskScheduledId,
        SubOrchestrationInstanceCompletedEvent completed => completed.TaskScheduledId,
        SubOrchestrationInstanceFailedEvent failed => failed.TaskScheduledId,
        TimerFiredEvent fired => fired.TimerId,
        _ => null,
    };

    private static string? Json(object? value) => value is null ? null : EventCodec.Serialize(value);

    private StoredEvent Stored(string instanceId, HistoryEvent historyEvent, int inlineLimit)
    {
        var stored = EventCodec.Encode(historyEvent, inlineLimit);
        if (stored.PayloadId is { } id)
        {
            Payloads.Add((instanceId, id, stored.Payload!));
        }

        return stored;
    }

    /// <summary>A sub-orchestration instance to create with its ExecutionStarted event.</summary>
    internal sealed record Child(
        string InstanceId, string ExecutionId, string Name, string? Version, string? Input, string? Tags, string? Parent,
        int TaskId, StoredEvent Started);
}

using DurableTask.Core;
using DurableTask.Core.History;
using HistoryEvent = DurableTask.Core.History.HistoryEvent;
using HistoryEventType = Lumina.Durable.History.HistoryEventType;
using Legacy = Lumina.Durable.History.HistoryEvent;

namespace Lumina.Durable.Bridge;

/// <summary>The history of Lumina's own engine as DTFx's event classes, as the client API returns history.</summary>
internal static class LegacyHistory
{
    public static IList<HistoryEvent> ToDurableTask(IEnumerable<Legacy> events) => [.. events.Select(ToDurableTask)];

    private static HistoryEvent ToDurableTask(Legacy e)
    {
        var id = e.TaskId ?? -1;
        HistoryEvent converted = e.EventType switch
        {
            HistoryEventType.ExecutionStarted => new ExecutionStartedEvent(-1, e.Payload) { Name = e.Name },
            HistoryEventType.ExecutionCompleted => new ExecutionCompletedEvent(-1, e.Payload, OrchestrationStatus.Completed),
            HistoryEventType.ExecutionFailed => new ExecutionCompletedEvent(-1, e.Payload, OrchestrationStatus.Failed),
            HistoryEventType.ExecutionTerminated => new ExecutionTerminatedEvent(-1, e.Payload),
            HistoryEventType.TaskScheduled => new TaskScheduledEvent(id, e.Name ?? "", null, e.Payload),
            HistoryEventType.TaskCompleted => new TaskCompletedEvent(-1, id, e.Payload),
            HistoryEventType.TaskFailed => new TaskFailedEvent(-1, id, e.Payload, null),
            HistoryEventType.SubOrchestrationInstanceCreated => new SubOrchestrationInstanceCreatedEvent(id) { Name = e.Name, InstanceId = e.InstanceRef, Input = e.Payload },
            HistoryEventType.SubOrchestrationInstanceCompleted => new SubOrchestrationInstanceCompletedEvent(-1, id, e.Payload),
            HistoryEventType.SubOrchestrationInstanceFailed => new SubOrchestrationInstanceFailedEvent(-1, id, e.Payload, null),
            HistoryEventType.TimerCreated => new TimerCreatedEvent(id, e.FireAt ?? default),
            HistoryEventType.TimerFired => new TimerFiredEvent(-1, e.FireAt ?? default) { TimerId = id },
            HistoryEventType.OrchestratorStarted => new OrchestratorStartedEvent(-1),
            HistoryEventType.OrchestratorCompleted => new OrchestratorCompletedEvent(-1),
            HistoryEventType.EventRaised => new EventRaisedEvent(-1, e.Payload) { Name = e.Name },
            HistoryEventType.EventSent => new EventSentEvent(id) { Name = e.Name, InstanceId = e.InstanceRef, Input = e.Payload },
            HistoryEventType.ContinueAsNew => new ContinueAsNewEvent(-1, e.Payload),
            HistoryEventType.ExecutionSuspended => new ExecutionSuspendedEvent(-1, e.Payload),
            HistoryEventType.ExecutionResumed => new ExecutionResumedEvent(-1, e.Payload),
            _ => new GenericEvent(-1, e.Payload),
        };
        converted.Timestamp = e.Timestamp;
        return converted;
    }
}

using Lumina.Durable.History;

namespace Lumina.Durable.Orchestration.Replay;

/// <summary>The task an orchestrator awaits for an activity, timer or sub-orchestration, completed by a history event.</summary>
internal sealed class OpenTask(PendingAction action)
{
    public TaskCompletionSource<string?> Source { get; } = new();

    public void Complete(HistoryEvent completion)
    {
        switch (completion.EventType, action.Kind)
        {
            case (HistoryEventType.TaskCompleted, ActionKind.Activity):
            case (HistoryEventType.SubOrchestrationInstanceCompleted, ActionKind.SubOrchestration):
            case (HistoryEventType.TimerFired, ActionKind.Timer):
                Source.TrySetResult(completion.Payload);
                break;
            case (HistoryEventType.TaskFailed, ActionKind.Activity):
            case (HistoryEventType.SubOrchestrationInstanceFailed, ActionKind.SubOrchestration):
                var failure = DurableJson.Deserialize<FailureDetails>(completion.Payload)
                    ?? new FailureDetails("Unknown", "The task failed without details.");
                Source.TrySetException(new TaskFailedException(action.Name, action.Id, failure));
                break;
            default:
                throw new NonDeterminismException(
                    $"History event {completion.EventType} for call #{action.Id} does not complete that call, which is {action.Describe()}.");
        }
    }
}

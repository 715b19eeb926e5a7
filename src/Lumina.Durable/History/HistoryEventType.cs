namespace Lumina.Durable.History;

/// <summary>The kinds of events in an orchestration's history (the Durable Task event types).</summary>
public enum HistoryEventType
{
    ExecutionStarted,
    ExecutionCompleted,
    ExecutionFailed,
    ExecutionTerminated,
    TaskScheduled,
    TaskCompleted,
    TaskFailed,
    SubOrchestrationInstanceCreated,
    SubOrchestrationInstanceCompleted,
    SubOrchestrationInstanceFailed,
    TimerCreated,
    TimerFired,
    OrchestratorStarted,
    OrchestratorCompleted,
    EventRaised,
    EventSent,
    ContinueAsNew,
    ExecutionSuspended,
    ExecutionResumed,
}

using Lumina.Durable.History;

namespace Lumina.Durable.Orchestration.Replay;

internal enum ActionKind
{
    Activity,
    Timer,
    SubOrchestration,
    SendEvent,
}

/// <summary>
/// A durable call the orchestrator made, numbered in call order. On replay it must meet the history event
/// recorded for the same number; otherwise it is new work of the episode.
/// </summary>
internal sealed record PendingAction(ActionKind Kind, int Id, string Name, string? Payload, string? InstanceRef = null, DateTime? FireAt = null)
{
    public HistoryEventType ScheduledEventType => ScheduledEventTypeOf(Kind);

    public string Describe() => Describe(Kind, Name, InstanceRef);

    public HistoryEvent ToHistoryEvent(DateTime timestamp) => new(ScheduledEventType, timestamp)
    {
        TaskId = Id,
        Name = Kind == ActionKind.Timer ? null : Name,
        InstanceRef = InstanceRef,
        Payload = Payload,
        FireAt = FireAt,
    };

    /// <summary>The call a scheduling history event records, in the orchestrator's terms.</summary>
    public static string Describe(HistoryEvent scheduled) => scheduled.EventType switch
    {
        HistoryEventType.TaskScheduled => Describe(ActionKind.Activity, scheduled.Name ?? "", null),
        HistoryEventType.TimerCreated => Describe(ActionKind.Timer, "", null),
        HistoryEventType.SubOrchestrationInstanceCreated => Describe(ActionKind.SubOrchestration, scheduled.Name ?? "", null),
        _ => Describe(ActionKind.SendEvent, scheduled.Name ?? "", scheduled.InstanceRef),
    };

    private static HistoryEventType ScheduledEventTypeOf(ActionKind kind) => kind switch
    {
        ActionKind.Activity => HistoryEventType.TaskScheduled,
        ActionKind.Timer => HistoryEventType.TimerCreated,
        ActionKind.SubOrchestration => HistoryEventType.SubOrchestrationInstanceCreated,
        _ => HistoryEventType.EventSent,
    };

    private static string Describe(ActionKind kind, string name, string? instanceRef) => kind switch
    {
        ActionKind.Activity => $"CallActivityAsync(\"{name}\")",
        ActionKind.Timer => "CreateTimer(...)",
        ActionKind.SubOrchestration => $"CallSubOrchestratorAsync(\"{name}\")",
        _ => $"SendEvent(\"{instanceRef}\", \"{name}\")",
    };
}

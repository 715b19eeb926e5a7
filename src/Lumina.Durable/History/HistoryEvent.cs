namespace Lumina.Durable.History;

/// <summary>
/// One event of an orchestration's history. <see cref="TaskId"/> is the event id of a scheduling event
/// (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated, EventSent) and, on a completion, the id
/// of the event it completes. <see cref="InstanceRef"/> is the child or target instance; <see cref="Payload"/>
/// is JSON (input, result, output, failure details or event data).
/// </summary>
public sealed record HistoryEvent(HistoryEventType EventType, DateTime Timestamp)
{
    public int? TaskId { get; init; }

    public string? Name { get; init; }

    public string? InstanceRef { get; init; }

    public string? Payload { get; init; }

    public DateTime? FireAt { get; init; }
}

using Lumina.Durable.History;

namespace Lumina.Durable.Storage;

/// <summary>An instance claimed for one episode, with the batch of inbox events it is to apply.</summary>
internal sealed record ClaimedOrchestration(
    string InstanceId,
    Guid ExecutionId,
    string Name,
    OrchestrationRuntimeStatus Status,
    string? Input,
    ParentInstance? Parent,
    int HistoryVersion,
    int ClaimCount,
    IReadOnlyList<InboxEvent> Events);

/// <summary>The orchestration that started an instance as a sub-orchestration, and the call that did.</summary>
internal sealed record ParentInstance(string InstanceId, Guid ExecutionId, int TaskId);

/// <summary>An event of an instance's inbox: <see cref="ExecutionId"/> null for events meant for whichever execution runs.</summary>
internal sealed record InboxEvent(long Seq, Guid? ExecutionId, HistoryEvent Event);

using Lumina.Durable.History;

namespace Lumina.Durable.Storage;

/// <summary>
/// Everything one episode writes, in one transaction: the new history rows, the instance's new status,
/// the consumed inbox events, and the work it sends out.
/// </summary>
internal sealed class Checkpoint(string instanceId, Guid executionId, int historyVersion)
{
    public string InstanceId { get; } = instanceId;

    public Guid ExecutionId { get; } = executionId;

    /// <summary>History rows of this execution before the episode: the checkpoint applies only if the instance is still there.</summary>
    public int HistoryVersion { get; } = historyVersion;

    public OrchestrationRuntimeStatus Status { get; set; } = OrchestrationRuntimeStatus.Running;

    public string? CustomStatus { get; set; }

    /// <summary>Output when completed, failure details when failed, reason when terminated.</summary>
    public string? Output { get; set; }

    /// <summary>The next execution's input when <see cref="Status"/> is ContinuedAsNew.</summary>
    public string? ContinueInput { get; set; }

    public List<long> Consumed { get; } = [];

    public List<HistoryEvent> History { get; } = [];

    public List<NewTask> Tasks { get; } = [];

    public List<OutboundEvent> Events { get; } = [];

    public List<NewChild> Children { get; } = [];
}

/// <summary>An activity to queue.</summary>
internal sealed record NewTask(int TaskId, string Name, string? Input);

/// <summary>An event for an inbox: a timer (visible at its time), an event to another instance or a result for the parent (visible at once: null).</summary>
internal sealed record OutboundEvent(
    string InstanceId, Guid? ExecutionId, HistoryEventType Type, int? TaskId, string? Name, string? Payload, DateTime? VisibleTime);

/// <summary>A sub-orchestration instance to create.</summary>
internal sealed record NewChild(string InstanceId, string Name, string? Input, int TaskId);

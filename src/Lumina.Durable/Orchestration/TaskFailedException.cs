namespace Lumina.Durable.Orchestration;

/// <summary>Thrown into an orchestrator when an activity or sub-orchestration it awaited failed.</summary>
public sealed class TaskFailedException(string taskName, int taskId, FailureDetails failure)
    : Exception($"Task '{taskName}' (#{taskId}) failed: {failure.ErrorType}: {failure.ErrorMessage}")
{
    public string TaskName { get; } = taskName;

    public int TaskId { get; } = taskId;

    public FailureDetails FailureDetails { get; } = failure;
}

namespace Lumina.Durable.Storage;

/// <summary>An activity task claimed by this worker; <see cref="DequeueCount"/> counts its claims, this one included.</summary>
internal sealed record ClaimedTask(
    long Seq, string InstanceId, Guid ExecutionId, int TaskId, string Name, string? Input, int DequeueCount);

/// <summary>The outcome of a claimed task: TaskCompleted with its result, or TaskFailed with failure details.</summary>
internal sealed record TaskOutcome(long Seq, bool Succeeded, string? Payload);

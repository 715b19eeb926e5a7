namespace Lumina.Durable.Orchestration;

/// <summary>Options of an activity call.</summary>
public record TaskOptions(RetryPolicy? Retry = null);

/// <summary>Options of a sub-orchestration call; <see cref="InstanceId"/> null picks "{parent id}:{call number}".</summary>
public sealed record SubOrchestrationOptions(string? InstanceId = null, RetryPolicy? Retry = null) : TaskOptions(Retry);

namespace Lumina.Durable.Activities;

/// <summary>What an activity sees besides its input.</summary>
public sealed class ActivityContext(string name, string instanceId, int taskId, IServiceProvider services, CancellationToken cancellationToken)
{
    public string Name { get; } = name;

    /// <summary>The orchestration instance that scheduled this activity.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>The call's id within its orchestration execution.</summary>
    public int TaskId { get; } = taskId;

    /// <summary>The services of a scope made for this call.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>Cancelled when the worker stops and its grace period is over: the task is then handed back to the hub.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;
}

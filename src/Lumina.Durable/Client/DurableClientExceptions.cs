namespace Lumina.Durable.Client;

/// <summary>A client operation that cannot be done in the instance's current state.</summary>
public abstract class DurableClientException(string instanceId, string message) : Exception(message)
{
    public string InstanceId { get; } = instanceId;
}

public sealed class InstanceNotFoundException(string taskHub, string instanceId)
    : DurableClientException(instanceId, $"No orchestration instance '{instanceId}' exists in task hub '{taskHub}'.");

public sealed class InstanceAlreadyExistsException(string instanceId)
    : DurableClientException(instanceId, $"Orchestration instance '{instanceId}' already exists and has not finished; choose another id or wait until it finishes.");

public sealed class InstanceFinishedException(string instanceId, string status, string operation)
    : DurableClientException(instanceId, $"Orchestration instance '{instanceId}' has already finished ({status}), so it cannot {operation}.");

public sealed class InstanceNotFinishedException(string instanceId)
    : DurableClientException(instanceId, $"Orchestration instance '{instanceId}' has not finished; terminate it or wait until it finishes before purging it.");

public sealed class OrchestratorNotFoundException(string name, string registered)
    : Exception($"No orchestrator named '{name}' is registered (registered: {registered}).")
{
    public string Name { get; } = name;
}

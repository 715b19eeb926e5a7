namespace Lumina.Durable.Http;

/// <summary>A management request that cannot be served in the instance's current state; <see cref="ApiErrors"/> gives each its status code.</summary>
internal abstract class ManagementException(string message) : Exception(message);

internal sealed class InstanceNotFoundException(string taskHub, string instanceId)
    : ManagementException($"No orchestration instance '{instanceId}' exists in task hub '{taskHub}'.");

internal sealed class InstanceAlreadyExistsException(string instanceId)
    : ManagementException($"Orchestration instance '{instanceId}' already exists and has not finished; choose another id or wait until it finishes.");

internal sealed class InstanceFinishedException(string instanceId, string status, string operation)
    : ManagementException($"Orchestration instance '{instanceId}' has already finished ({status}), so it cannot {operation}.");

internal sealed class InstanceNotFinishedException(string instanceId)
    : ManagementException($"Orchestration instance '{instanceId}' has not finished; terminate it or wait until it finishes before purging it.");

/// <summary>Instance ids chosen by callers: 1 to 256 characters without control characters.</summary>
internal static class InstanceIds
{
    public const int MaxLength = 256;

    public static void Validate(string instanceId)
    {
        if (string.IsNullOrWhiteSpace(instanceId) || instanceId.Length > MaxLength || instanceId.Any(char.IsControl))
        {
            throw new ArgumentException($"An instance id must be 1 to {MaxLength} characters without control characters (got '{instanceId}').", nameof(instanceId));
        }
    }
}

using Lumina.Durable.Hosting;

namespace Lumina.Durable.Client;

/// <summary>Starts and manages orchestration instances of this process's task hub.</summary>
public interface IDurableClient : IPendingWorkSource
{
    /// <summary>
    /// Starts an instance of a registered orchestrator and returns its id. Throws
    /// <see cref="OrchestratorNotFoundException"/> for an unknown name and <see cref="InstanceAlreadyExistsException"/>
    /// when an instance with the chosen id has not finished (a finished one is replaced).
    /// </summary>
    Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>The instance's status, or null if there is none; input and history only when asked for.</summary>
    Task<OrchestrationMetadata?> GetInstanceAsync(
        string instanceId, bool includeInput = false, bool includeHistory = false, CancellationToken cancellationToken = default);

    Task<OrchestrationQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default);

    /// <summary>Raises an event; throws <see cref="InstanceNotFoundException"/> or <see cref="InstanceFinishedException"/>.</summary>
    Task RaiseEventAsync(string instanceId, string eventName, object? eventData = null, CancellationToken cancellationToken = default);

    /// <summary>Ends a running instance with status Terminated and <paramref name="reason"/> as output.</summary>
    Task TerminateInstanceAsync(string instanceId, object? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Stops a running instance from processing events (they wait) until it is resumed.</summary>
    Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default);

    Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Starts the instance's orchestrator again with its original input, under a new id (default) or the same one; returns the id.</summary>
    Task<string> RestartInstanceAsync(string instanceId, bool restartWithNewInstanceId = true, CancellationToken cancellationToken = default);

    /// <summary>Deletes a finished instance and its history; throws <see cref="InstanceNotFoundException"/> or <see cref="InstanceNotFinishedException"/>.</summary>
    Task PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the finished instances created in the range (with one of <paramref name="statuses"/>, if given); returns how many.</summary>
    Task<int> PurgeInstancesAsync(
        DateTime createdFrom, DateTime? createdTo = null, IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses = null,
        CancellationToken cancellationToken = default);

    /// <summary>Waits until the instance completes, fails or is terminated, and returns its final status.</summary>
    Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool includeInput = false, CancellationToken cancellationToken = default);
}

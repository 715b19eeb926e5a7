using System.Text.Json;
using DurableJson = Lumina.Durable.DurableJson;
using Microsoft.DurableTask.Client;

namespace Lumina.Functions.Jobs;

/// <summary>
/// A job as the jobs API and CLI show it: its orchestration's state, progress, output or error; a rebuild
/// also shows the job of each phase.
/// </summary>
public sealed record JobStatus(
    string Id,
    string Type,
    Guid CatalogId,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTime CreatedAt,
    DateTime LastUpdatedAt,
    JobProgress? Progress,
    JsonElement? Output,
    string? Error,
    IReadOnlyList<JobStatus>? Phases = null)
{
    /// <summary>The job's output as the orchestration returned it.</summary>
    public T? OutputAs<T>() => Output is { } output ? output.Deserialize<T>(DurableJson.Options) : default;

    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;
}

/// <summary>A job request that cannot be served as asked; <see cref="Status"/> is the HTTP status that says so.</summary>
public sealed class JobException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

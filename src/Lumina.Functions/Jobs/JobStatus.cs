using System.Text.Json;
using System.Text.Json.Serialization;
using DurableJson = Lumina.Durable.DurableJson;
using Microsoft.DurableTask.Client;

namespace Lumina.Functions.Jobs;

/// <summary>
/// A job as the jobs API and CLI show it: its orchestration's state, progress, output or error; a rebuild
/// also shows the job of each phase. A job whose orchestration instance is gone (purged) has no runtime status,
/// and its error says why.
/// </summary>
public sealed record JobStatus(
    string Id,
    string Type,
    Guid CatalogId,
    OrchestrationRuntimeStatus? RuntimeStatus,
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

    /// <summary>False while the job's orchestration is not created yet (it is pending), and when it is gone.</summary>
    [JsonIgnore]
    public bool HasInstance { get; init; } = true;

    /// <summary>True when the job's orchestration instance no longer exists: it was purged, or ran where this host does not look.</summary>
    public bool IsGone => RuntimeStatus is null;

    /// <summary>The runtime status as a word for people: the status's name, or "Gone".</summary>
    [JsonIgnore]
    public string State => RuntimeStatus?.ToString() ?? "Gone";
}

/// <summary>A job request that cannot be served as asked; <see cref="Status"/> is the HTTP status that says so.</summary>
public sealed class JobException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

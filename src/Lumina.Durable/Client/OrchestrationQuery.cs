namespace Lumina.Durable.Client;

/// <summary>
/// Filters of an instance query (each null means "any") and its page. Results come in creation order;
/// pass the returned continuation token to get the next page.
/// </summary>
public sealed record OrchestrationQuery
{
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    public DateTime? CreatedFrom { get; init; }

    public DateTime? CreatedTo { get; init; }

    public string? InstanceIdPrefix { get; init; }

    /// <summary>Most instances per page, 1 to 1,000. Default 100.</summary>
    public int PageSize { get; init; } = 100;

    public string? ContinuationToken { get; init; }

    public bool IncludeInput { get; init; }
}

/// <summary>A page of instances; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record OrchestrationQueryResult(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);

/// <summary>How to start an instance: its id (default a new GUID) and when it starts (default now).</summary>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTime? StartAt = null);

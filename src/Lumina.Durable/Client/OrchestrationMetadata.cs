using Lumina.Durable.History;

namespace Lumina.Durable.Client;

/// <summary>The status of an orchestration instance. Payloads are JSON; the Read*As methods deserialize them.</summary>
public sealed record OrchestrationMetadata
{
    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime LastUpdatedAt { get; init; }

    /// <summary>Null unless the input was asked for.</summary>
    public string? SerializedInput { get; init; }

    /// <summary>The output when completed, the failure details when failed, the reason when terminated.</summary>
    public string? SerializedOutput { get; init; }

    public string? SerializedCustomStatus { get; init; }

    /// <summary>The current execution's history, when asked for.</summary>
    public IReadOnlyList<HistoryEvent>? History { get; init; }

    internal Guid ExecutionId { get; init; }

    /// <summary>True until the instance completes, fails or is terminated.</summary>
    public bool IsRunning => RuntimeStatus.IsActive();

    public FailureDetails? FailureDetails => RuntimeStatus == OrchestrationRuntimeStatus.Failed
        ? DurableJson.Deserialize<FailureDetails>(SerializedOutput)
        : null;

    public T? ReadInputAs<T>() => DurableJson.Deserialize<T>(SerializedInput);

    public T? ReadOutputAs<T>() => DurableJson.Deserialize<T>(SerializedOutput);

    public T? ReadCustomStatusAs<T>() => DurableJson.Deserialize<T>(SerializedCustomStatus);
}

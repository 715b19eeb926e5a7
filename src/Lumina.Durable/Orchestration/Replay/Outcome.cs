namespace Lumina.Durable.Orchestration.Replay;

/// <summary>How an execution ended: its final status and output (failure details when failed, reason when terminated).</summary>
internal sealed record Outcome(OrchestrationRuntimeStatus Status, string? Output, bool PreserveEvents = false)
{
    public static Outcome Completed(string? output) => new(OrchestrationRuntimeStatus.Completed, output);

    public static Outcome Failed(FailureDetails failure) => new(OrchestrationRuntimeStatus.Failed, DurableJson.Serialize(failure));

    public static Outcome Terminated(string? reason) => new(OrchestrationRuntimeStatus.Terminated, reason);

    public static Outcome ContinuedAsNew(string? input, bool preserveEvents) =>
        new(OrchestrationRuntimeStatus.ContinuedAsNew, input, preserveEvents);
}

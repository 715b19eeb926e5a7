namespace Lumina.Durable;

/// <summary>The status of an orchestration instance, as Durable Functions names it.</summary>
public enum OrchestrationRuntimeStatus
{
    Running,
    Completed,
    ContinuedAsNew,
    Failed,
    Canceled,
    Terminated,
    Pending,
    Suspended,
}

internal static class RuntimeStatuses
{
    /// <summary>True for the statuses of an instance that has not finished.</summary>
    public static bool IsActive(this OrchestrationRuntimeStatus status) => status is
        OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or
        OrchestrationRuntimeStatus.Suspended or OrchestrationRuntimeStatus.ContinuedAsNew;

    public static OrchestrationRuntimeStatus Parse(string status) => Enum.Parse<OrchestrationRuntimeStatus>(status);
}

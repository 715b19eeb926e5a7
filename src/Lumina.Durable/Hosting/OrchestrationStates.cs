using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreFailure = DurableTask.Core.FailureDetails;
using RuntimeStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus;

namespace Lumina.Durable.Hosting;

/// <summary>DTFx's instance states as the client API shows them, and its statuses both ways.</summary>
internal static class OrchestrationStates
{
    public static OrchestrationMetadata ToMetadata(this OrchestrationState state, bool withPayloads) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            RuntimeStatus = state.OrchestrationStatus.ToRuntimeStatus(),
            CreatedAt = AsUtc(state.CreatedTime),
            LastUpdatedAt = AsUtc(state.LastUpdatedTime),
            SerializedInput = withPayloads ? state.Input : null,
            SerializedOutput = withPayloads ? state.Output : null,
            SerializedCustomStatus = state.Status,
            FailureDetails = state.FailureDetails?.ToTaskFailure() ?? FailureFromOutput(state),
            DataConverter = DurableConverters.Shared,
        };

    public static RuntimeStatus ToRuntimeStatus(this OrchestrationStatus status) => Enum.Parse<RuntimeStatus>(status.ToString());

    public static OrchestrationStatus ToCoreStatus(this RuntimeStatus status) => Enum.Parse<OrchestrationStatus>(status.ToString());

    /// <summary>The statuses of an instance that has finished.</summary>
    public static IReadOnlyList<OrchestrationStatus> Finished { get; } =
        [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled];

    /// <summary>The statuses of an instance that has not finished: starting one with the same id is refused.</summary>
    public static OrchestrationStatus[] Unfinished { get; } =
        [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew, OrchestrationStatus.Suspended];

    /// <summary>
    /// Providers that keep no failure details with the instance (Azure Storage) store them as its output, written
    /// "{error type}: {message}".
    /// </summary>
    private static TaskFailureDetails? FailureFromOutput(OrchestrationState state)
    {
        if (state.OrchestrationStatus != OrchestrationStatus.Failed || state.Output is not { Length: > 0 } output)
        {
            return null;
        }

        var colon = output.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !output[..colon].Contains(' ', StringComparison.Ordinal)
            ? new TaskFailureDetails(output[..colon], output[(colon + 2)..], null, null, null)
            : new TaskFailureDetails("Unknown", output, null, null, null);
    }

    private static TaskFailureDetails ToTaskFailure(this CoreFailure failure) =>
        new(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, failure.InnerFailure?.ToTaskFailure(), null);

    private static DateTimeOffset AsUtc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}

using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Legacy = Lumina.Durable.Orchestration;

namespace Lumina.Durable.Bridge;

/// <summary>
/// Runs a Microsoft.DurableTask orchestrator on Lumina's own replay engine, until the PostgreSQL provider for DTFx
/// replaces it: each call goes to the engine's context, and its failures come back as Microsoft.DurableTask's.
/// </summary>
internal sealed class LegacyOrchestrationContext(Legacy.OrchestrationContext inner, ILoggerFactory loggers) : TaskOrchestrationContext
{
    public override TaskName Name => inner.Name;

    public override string InstanceId => inner.InstanceId;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    public override bool IsReplaying => inner.IsReplaying;

    protected override ILoggerFactory LoggerFactory => loggers;

    public override T GetInput<T>() => inner.GetInput<T>()!;

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        Translate(inner.CallActivityAsync<TResult>(name.Name, input, new Legacy.TaskOptions(Retry(options))));

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        Translate(inner.CallSubOrchestratorAsync<TResult>(
            orchestratorName.Name, input, new Legacy.SubOrchestrationOptions((options as SubOrchestrationOptions)?.InstanceId, Retry(options))));

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => inner.CreateTimer(fireAt, cancellationToken);

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        inner.WaitForExternalEvent<T>(eventName, cancellationToken);

    public override void SendEvent(string instanceId, string eventName, object payload) => inner.SendEvent(instanceId, eventName, payload);

    public override void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public override Guid NewGuid() => inner.NewGuid();

    private static Legacy.RetryPolicy? Retry(TaskOptions? options) => options?.Retry?.Policy is { } policy
        ? new Legacy.RetryPolicy(policy.MaxNumberOfAttempts, policy.FirstRetryInterval, policy.BackoffCoefficient, policy.MaxRetryInterval, policy.RetryTimeout)
        : null;

    private static async Task<T> Translate<T>(Task<T> call)
    {
        try
        {
            return await call;
        }
        catch (Legacy.TaskFailedException e)
        {
            throw new TaskFailedException(e.TaskName, e.TaskId, ToTaskFailure(e.FailureDetails));
        }
    }

    private static TaskFailureDetails ToTaskFailure(FailureDetails failure) =>
        new(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, failure.InnerFailure is { } inner ? ToTaskFailure(inner) : null, null);
}

/// <summary>What a Microsoft.DurableTask activity sees of a call on Lumina's own engine.</summary>
internal sealed class LegacyActivityContext(string name, string instanceId) : TaskActivityContext
{
    public override TaskName Name => name;

    public override string InstanceId => instanceId;
}

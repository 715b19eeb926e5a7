using DurableTask.Core.Exceptions;
using Lumina.Durable.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ClientStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus;
using LegacyMetadata = Lumina.Durable.Client.OrchestrationMetadata;
using LegacyQuery = Lumina.Durable.Client.OrchestrationQuery;
using OrchestrationMetadata = Microsoft.DurableTask.Client.OrchestrationMetadata;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;
using StartOrchestrationOptions = Microsoft.DurableTask.StartOrchestrationOptions;

namespace Lumina.Durable.Bridge;

/// <summary>
/// The client API (<see cref="DurableTaskClient"/>) over Lumina's own engine, until the PostgreSQL provider for DTFx
/// replaces it. It throws what the DTFx client throws: <see cref="ArgumentException"/> for an unknown orchestrator,
/// <see cref="OrchestrationAlreadyExistsException"/> for an id that is still running.
/// </summary>
internal sealed class LegacyDurableTaskClient(IDurableClient inner, string taskHub) : DurableTaskClient(taskHub)
{
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        try
        {
            return await inner.ScheduleNewOrchestrationInstanceAsync(
                orchestratorName.Name, input, new Client.StartOrchestrationOptions(options?.InstanceId, options?.StartAt?.UtcDateTime), cancellation);
        }
        catch (OrchestratorNotFoundException e)
        {
            throw new ArgumentException(e.Message, e);
        }
        catch (InstanceAlreadyExistsException e)
        {
            throw new OrchestrationAlreadyExistsException(e.Message);
        }
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        options?.Recursive == true
            ? throw new NotSupportedException("Recursive termination is not supported: terminate the sub-orchestrations one by one.")
            : inner.TerminateInstanceAsync(instanceId, options?.Output, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        inner.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        inner.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        await inner.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken: cancellation) is { } found ? ToMetadata(found, getInputsAndOutputs) : null;

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create(async (string? continuation, int? pageSize, CancellationToken ct) =>
        {
            var withPayloads = filter?.FetchInputsAndOutputs ?? false;
            var page = await inner.QueryInstancesAsync(new LegacyQuery
            {
                Statuses = filter?.Statuses?.Select(s => Enum.Parse<OrchestrationRuntimeStatus>(s.ToString())).ToList(),
                CreatedFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTo = filter?.CreatedTo?.UtcDateTime,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                PageSize = Math.Min(pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize, DurableClient.MaxPageSize),
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                IncludeInput = withPayloads,
            }, ct);
            return new Page<OrchestrationMetadata>([.. page.Instances.Select(i => ToMetadata(i, withPayloads))], page.ContinuationToken);
        });

    public override async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        while (true)
        {
            if (await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation) is { RuntimeStatus: not ClientStatus.Pending } started)
            {
                return started;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellation);
        }
    }

    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        ToMetadata(await inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation), getInputsAndOutputs);

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        try
        {
            await inner.PurgeInstanceAsync(instanceId, cancellation);
            return new PurgeResult(1);
        }
        catch (InstanceNotFoundException)
        {
            return new PurgeResult(0);
        }
    }

    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        new(await inner.PurgeInstancesAsync(
            filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue, filter.CreatedTo?.UtcDateTime,
            filter.Statuses?.Select(s => Enum.Parse<OrchestrationRuntimeStatus>(s.ToString())).ToList(), cancellation));

    public override Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default) =>
        inner.RestartInstanceAsync(instanceId, restartWithNewInstanceId, cancellation);

    public override async Task<IList<DurableTask.Core.History.HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default) =>
        await inner.GetInstanceAsync(instanceId, includeHistory: true, cancellationToken: cancellation) is { History: { } history }
            ? LegacyHistory.ToDurableTask(history)
            : [];

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static OrchestrationMetadata ToMetadata(LegacyMetadata instance, bool withPayloads) => new(instance.Name, instance.InstanceId)
    {
        RuntimeStatus = Enum.Parse<ClientStatus>(instance.RuntimeStatus.ToString()),
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(instance.CreatedAt, DateTimeKind.Utc)),
        LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(instance.LastUpdatedAt, DateTimeKind.Utc)),
        SerializedInput = withPayloads ? instance.SerializedInput : null,
        SerializedOutput = instance.SerializedOutput,
        SerializedCustomStatus = instance.SerializedCustomStatus,
        FailureDetails = instance.FailureDetails is { } failure ? ToTaskFailure(failure) : null,
        DataConverter = Hosting.DurableConverters.Shared,
    };

    private static TaskFailureDetails ToTaskFailure(FailureDetails failure) =>
        new(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, failure.InnerFailure is { } inner ? ToTaskFailure(inner) : null, null);
}

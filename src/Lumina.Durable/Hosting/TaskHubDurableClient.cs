using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CorePurgeResult = DurableTask.Core.PurgeResult;
using CoreQuery = DurableTask.Core.Query.OrchestrationQuery;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace Lumina.Durable.Hosting;

/// <summary>
/// The client API of Durable Functions' isolated worker (<see cref="DurableTaskClient"/>) over DTFx: TaskHubClient
/// for what it offers, the provider's query and purge clients for the rest. Payloads go through
/// <see cref="DurableConverters"/>, the serializer of the shims.
/// </summary>
internal sealed class TaskHubDurableClient : DurableTaskClient
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(500);

    private readonly TaskHubClient _client;
    private readonly IOrchestrationServiceClient _service;
    private readonly IOrchestrationServiceQueryClient _query;
    private readonly IOrchestrationServicePurgeClient _purge;
    private readonly DurableTaskRegistrations _registrations;

    public TaskHubDurableClient(string taskHub, IOrchestrationService service, DurableTaskRegistrations registrations, Microsoft.Extensions.Logging.ILoggerFactory loggers)
        : base(taskHub)
    {
        _service = service as IOrchestrationServiceClient ?? throw NotA<IOrchestrationServiceClient>(service);
        _query = service as IOrchestrationServiceQueryClient ?? throw NotA<IOrchestrationServiceQueryClient>(service);
        _purge = service as IOrchestrationServicePurgeClient ?? throw NotA<IOrchestrationServicePurgeClient>(service);
        _client = new TaskHubClient(_service, DurableConverters.Core, loggers);
        _registrations = registrations;
    }

    /// <summary>
    /// Starts an instance of a registered orchestrator (an unknown name throws <see cref="ArgumentException"/>). An id whose
    /// instance has not finished throws <see cref="OrchestrationAlreadyExistsException"/>; a finished one is replaced.
    /// </summary>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        if (!_registrations.Orchestrators.ContainsKey(orchestratorName.Name))
        {
            throw new ArgumentException(
                $"No orchestrator named '{orchestratorName.Name}' is registered (registered: {_registrations.OrchestratorNames}).");
        }

        cancellation.ThrowIfCancellationRequested();
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        var startAt = options?.StartAt?.UtcDateTime ?? DateTime.UtcNow;
        await _client.CreateOrchestrationInstanceAsync(
            orchestratorName.Name, "", instanceId, input, null, OrchestrationStates.Unfinished, startAt);
        return instanceId;
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return _client.RaiseEventAsync(Instance(instanceId), eventName, eventPayload!);
    }

    /// <summary>Ends a running instance; the output (the reason) is stored as JSON, like every other payload.</summary>
    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        if (options?.Recursive == true)
        {
            throw new NotSupportedException("Recursive termination is not supported: terminate the sub-orchestrations one by one.");
        }

        return _client.TerminateInstanceAsync(Instance(instanceId), DurableConverters.Shared.Serialize(options?.Output)!);
    }

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        _client.SuspendInstanceAsync(Instance(instanceId), reason);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        _client.ResumeInstanceAsync(Instance(instanceId), reason);

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        var states = await _service.GetOrchestrationStateAsync(instanceId, allExecutions: false);
        return states?.FirstOrDefault(s => s is not null) is { } state ? state.ToMetadata(getInputsAndOutputs) : null;
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create(async (string? continuation, int? pageSize, CancellationToken ct) =>
        {
            var query = new CoreQuery
            {
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                RuntimeStatus = filter?.Statuses?.Select(s => s.ToCoreStatus()).ToList(),
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
                ExcludeEntities = true,
            };
            var result = await _query.GetOrchestrationWithQueryAsync(query, ct);
            var instances = result.OrchestrationState.Select(s => s.ToMetadata(query.FetchInputsAndOutputs)).ToList();
            return new Page<OrchestrationMetadata>(instances, string.IsNullOrEmpty(result.ContinuationToken) ? null : result.ContinuationToken);
        });

    public override async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        await WaitAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Pending, cancellation);

    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        await WaitAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        return ToResult(await _purge.PurgeInstanceStateAsync(instanceId));
    }

    /// <summary>Purges the instances created in the range with one of the filter's statuses (every finished status when none is given).</summary>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        var statuses = filter.Statuses?.Select(s => s.ToCoreStatus()).ToList() is { Count: > 0 } chosen ? chosen : [.. OrchestrationStates.Finished];
        var purged = await _purge.PurgeInstanceStateAsync(new PurgeInstanceFilter(
            filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue, filter.CreatedTo?.UtcDateTime, statuses) { Timeout = filter.Timeout });
        return ToResult(purged);
    }

    /// <summary>The current execution's history; empty for an unknown instance.</summary>
    public override async Task<IList<DurableTask.Core.History.HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        return HistoryJson.Read(await _service.GetOrchestrationHistoryAsync(instanceId, null));
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool withPayloads, Func<OrchestrationMetadata, bool> done, CancellationToken ct)
    {
        var wait = FirstWait;
        while (true)
        {
            var instance = await GetInstancesAsync(instanceId, withPayloads, ct);
            if (instance is not null && done(instance))
            {
                return instance;
            }

            await Task.Delay(wait, ct);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestWait.Ticks));
        }
    }

    private static PurgeResult ToResult(CorePurgeResult result) => new(result.DeletedInstanceCount);

    private static OrchestrationInstance Instance(string instanceId) => new() { InstanceId = instanceId };

    private static InvalidOperationException NotA<T>(IOrchestrationService service) =>
        new($"The durable provider {service.GetType().Name} does not implement {typeof(T).Name}, which the client needs.");
}

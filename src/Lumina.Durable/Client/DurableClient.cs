using Lumina.Durable.Hosting;
using Lumina.Durable.History;
using Lumina.Durable.Storage;
using Lumina.Durable.Worker;

namespace Lumina.Durable.Client;

internal sealed class DurableClient(InstanceStore store, DurableRegistry registry, WorkSignals signals) : IDurableClient
{
    public const int MaxPageSize = 1000;
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(1);

    public async Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var registration = registry.FindOrchestrator(orchestratorName)
            ?? throw new OrchestratorNotFoundException(orchestratorName, registry.OrchestratorNames);
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        InstanceIds.Validate(instanceId, nameof(options));
        await CreateAsync(instanceId, registration.Name, DurableJson.Serialize(input), options?.StartAt, cancellationToken);
        return instanceId;
    }

    public Task<PendingWork> GetPendingWorkAsync(CancellationToken cancellationToken = default) => store.PendingWorkAsync(cancellationToken);

    public async Task<OrchestrationMetadata?> GetInstanceAsync(
        string instanceId, bool includeInput = false, bool includeHistory = false, CancellationToken cancellationToken = default)
    {
        var instance = await store.GetAsync(instanceId, includeInput, cancellationToken);
        if (instance is null || !includeHistory)
        {
            return instance;
        }

        return instance with { History = await store.GetHistoryAsync(instanceId, instance.ExecutionId, cancellationToken) };
    }

    public async Task<OrchestrationQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        if (query.PageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, $"OrchestrationQuery.PageSize must be 1 to {MaxPageSize}.");
        }

        var after = query.ContinuationToken is { } token ? ContinuationToken.Parse(token) : ((DateTime, string)?)null;
        var page = await store.QueryAsync(query, after, query.PageSize + 1, cancellationToken);
        if (page.Count <= query.PageSize)
        {
            return new OrchestrationQueryResult(page, null);
        }

        var last = page[query.PageSize - 1];
        return new OrchestrationQueryResult(page.GetRange(0, query.PageSize), ContinuationToken.Create(last.CreatedAt, last.InstanceId));
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object? eventData = null, CancellationToken cancellationToken = default)
    {
        InstanceIds.ValidateEventName(eventName);
        return SendAsync(instanceId, HistoryEventType.EventRaised, eventName, DurableJson.Serialize(eventData), $"take event '{eventName}'", cancellationToken);
    }

    public Task TerminateInstanceAsync(string instanceId, object? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, HistoryEventType.ExecutionTerminated, null, DurableJson.Serialize(reason), "be terminated", cancellationToken);

    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, HistoryEventType.ExecutionSuspended, null, DurableJson.Serialize(reason), "be suspended", cancellationToken);

    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, HistoryEventType.ExecutionResumed, null, DurableJson.Serialize(reason), "be resumed", cancellationToken);

    public async Task<string> RestartInstanceAsync(string instanceId, bool restartWithNewInstanceId = true, CancellationToken cancellationToken = default)
    {
        var instance = await store.GetAsync(instanceId, includeInput: true, cancellationToken)
            ?? throw new InstanceNotFoundException(store.TaskHub, instanceId);
        var registration = registry.FindOrchestrator(instance.Name)
            ?? throw new OrchestratorNotFoundException(instance.Name, registry.OrchestratorNames);
        var newId = restartWithNewInstanceId ? Guid.NewGuid().ToString("N") : instanceId;
        await CreateAsync(newId, registration.Name, instance.SerializedInput, null, cancellationToken);
        return newId;
    }

    public async Task PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        switch (await store.PurgeAsync(instanceId, cancellationToken))
        {
            case "not_found":
                throw new InstanceNotFoundException(store.TaskHub, instanceId);
            case "active":
                throw new InstanceNotFinishedException(instanceId);
        }
    }

    public Task<int> PurgeInstancesAsync(
        DateTime createdFrom, DateTime? createdTo = null, IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses = null,
        CancellationToken cancellationToken = default) =>
        store.PurgeAsync(createdFrom, createdTo, statuses, cancellationToken);

    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool includeInput = false, CancellationToken cancellationToken = default)
    {
        var wait = FirstWait;
        while (true)
        {
            var instance = await store.GetAsync(instanceId, includeInput, cancellationToken)
                ?? throw new InstanceNotFoundException(store.TaskHub, instanceId);
            if (!instance.IsRunning)
            {
                return instance;
            }

            await signals.Completions.WaitAsync(wait, cancellationToken);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestWait.Ticks));
        }
    }

    private async Task CreateAsync(string instanceId, string name, string? input, DateTime? startAt, CancellationToken ct)
    {
        if (!await store.CreateAsync(instanceId, name, input, startAt, ct))
        {
            throw new InstanceAlreadyExistsException(instanceId);
        }

        signals.Orchestrations.Pulse();
    }

    private async Task SendAsync(
        string instanceId, HistoryEventType type, string? name, string? payload, string operation, CancellationToken ct)
    {
        switch (await store.SendEventAsync(instanceId, type, name, payload, ct))
        {
            case "not_found":
                throw new InstanceNotFoundException(store.TaskHub, instanceId);
            case "finished":
                var status = (await store.GetAsync(instanceId, false, ct))?.RuntimeStatus ?? OrchestrationRuntimeStatus.Completed;
                throw new InstanceFinishedException(instanceId, status.ToString(), operation);
            default:
                signals.Orchestrations.Pulse();
                break;
        }
    }
}

using System.Globalization;
using System.Text;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using DurableTask.Core.Serializing;
using Lumina.Durable.Postgres.Polling;
using Lumina.Durable.Postgres.Storage;

namespace Lumina.Durable.Postgres;

/// <summary>The client's side: creating instances, sending them events, reading, querying and purging them.</summary>
public sealed partial class PostgresOrchestrationService
{
    private static readonly OrchestrationStatus[] AllStatuses = Enum.GetValues<OrchestrationStatus>();
    private static readonly OrchestrationStatus[] ActiveStatuses =
        [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Suspended, OrchestrationStatus.ContinuedAsNew];

    private static readonly string[] FinishedStatuses =
        [nameof(OrchestrationStatus.Completed), nameof(OrchestrationStatus.Failed), nameof(OrchestrationStatus.Terminated), nameof(OrchestrationStatus.Canceled)];

    /// <summary>Creates an instance; throws <see cref="OrchestrationAlreadyExistsException"/> when one with that id exists, whatever its status.</summary>
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => CreateTaskOrchestrationAsync(creationMessage, AllStatuses);

    /// <summary>
    /// Creates an instance, replacing an existing one of that id (all its history and work) unless its status
    /// is in <paramref name="dedupeStatuses"/> (null: none): then throws <see cref="OrchestrationAlreadyExistsException"/>.
    /// An ExecutionStartedEvent with a ScheduledStartTime starts at that time.
    /// </summary>
    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[]? dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        if (creationMessage.Event is not ExecutionStartedEvent started)
        {
            throw new ArgumentException($"The creation message must hold an ExecutionStartedEvent, not {creationMessage.Event?.EventType}.", nameof(creationMessage));
        }

        var existing = await _instances.CreateAsync(creationMessage, dedupeStatuses ?? [], _lifetime.Token);
        if (existing is not null)
        {
            throw new OrchestrationAlreadyExistsException(
                $"An orchestration instance with ID '{started.OrchestrationInstance.InstanceId}' already exists and is {existing}.");
        }

        OrchestrationWorkReady();
    }

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => SendTaskOrchestrationMessageBatchAsync(message);

    /// <summary>
    /// Adds events to the inboxes of their instances; events for unknown or finished instances are dropped.
    /// An ExecutionStartedEvent creates its instance unless one of that id is still running.
    /// </summary>
    public async Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        foreach (var start in messages.Where(m => m.Event is ExecutionStartedEvent))
        {
            try
            {
                await CreateTaskOrchestrationAsync(start, ActiveStatuses);
            }
            catch (OrchestrationAlreadyExistsException)
            {
                // As DurableTask.Core does with a duplicate start event: it is dropped.
            }
        }

        var events = messages.Where(m => m.Event is not ExecutionStartedEvent).ToList();
        if (events.Count > 0 && await _instances.SendAsync(events, _lifetime.Token) > 0)
        {
            events.ForEach(e => WakeSession(e.OrchestrationInstance.InstanceId));
            OrchestrationWorkReady();
        }
    }

    /// <summary>Sends the instance an ExecutionTerminatedEvent (nothing happens to an unknown or finished instance).</summary>
    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) =>
        SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new ExecutionTerminatedEvent(-1, reason),
        });

    /// <summary>
    /// Waits until the instance is Completed, Failed, Terminated or Canceled (whichever execution), polling and
    /// woken when a worker finishes an instance; null when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<OrchestrationState?> WaitForOrchestrationAsync(
        string instanceId, string? executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        EnsureBackground();
        var deadline = DateTime.UtcNow + timeout;
        var backoff = new Backoff(_settings.MinPollingInterval, _settings.MaxPollingInterval);
        while (true)
        {
            var state = await _instances.GetAsync(instanceId, fetchInputsAndOutputs: true, cancellationToken);
            if (state is not null && Array.IndexOf(FinishedStatuses, state.OrchestrationStatus.ToString()) >= 0)
            {
                return state;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            var wait = backoff.Next();
            await _signals.Completions.WaitAsync(wait < left ? wait : left, cancellationToken);
        }
    }

    /// <summary>The instance's state (one execution is kept: the current one); empty when unknown.</summary>
    public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) =>
        await _instances.GetAsync(instanceId, fetchInputsAndOutputs: true, _lifetime.Token) is { } state ? [state] : [];

    /// <summary>The instance's state if it runs (or last ran) <paramref name="executionId"/> (null: any), else null.</summary>
    public async Task<OrchestrationState?> GetOrchestrationStateAsync(string instanceId, string? executionId) =>
        await _instances.GetAsync(instanceId, fetchInputsAndOutputs: true, _lifetime.Token) is { } state
            && (executionId is null || state.OrchestrationInstance.ExecutionId == executionId)
            ? state
            : null;

    /// <summary>The history of an execution (null: the current one) as DurableTask.Core's JSON of its events, with type names.</summary>
    public async Task<string> GetOrchestrationHistoryAsync(string instanceId, string? executionId) =>
        JsonDataConverter.Default.Serialize(await _instances.GetHistoryAsync(instanceId, executionId, _lifetime.Token));

    /// <summary>Deletes the finished instances whose created, completed or last updated time is at or before the threshold.</summary>
    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) =>
        _instances.PurgeAsync(timeRangeFilterType switch
        {
            OrchestrationStateTimeRangeFilterType.OrchestrationCreatedTimeFilter => "created",
            OrchestrationStateTimeRangeFilterType.OrchestrationCompletedTimeFilter => "completed",
            _ => "last_updated",
        }, null, thresholdDateTimeUtc, null, _lifetime.Token);

    /// <summary>Deletes a finished instance and all it left; 0 instances when it is unknown or has not finished.</summary>
    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId) =>
        new(await _instances.PurgeAsync(instanceId, _lifetime.Token));

    /// <summary>Deletes the finished instances created in the filter's time range with one of its statuses (none given: any finished).</summary>
    public async Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        var statuses = purgeInstanceFilter.RuntimeStatus?.Select(s => s.ToString()).ToList();
        return new PurgeResult(await _instances.PurgeAsync(
            "created", purgeInstanceFilter.CreatedTimeFrom, purgeInstanceFilter.CreatedTimeTo, statuses is { Count: > 0 } ? statuses : null, _lifetime.Token));
    }

    /// <summary>
    /// Who holds work of the instances whose id starts with <paramref name="instanceIdPrefix"/> (their episodes and their
    /// activity tasks) locked now, and until when: work another worker waits for, if that worker stopped.
    /// </summary>
    public async Task<IReadOnlyList<HeldLock>> GetHeldLocksAsync(string instanceIdPrefix, CancellationToken cancellationToken) =>
        await _instances.HeldLocksAsync(instanceIdPrefix, cancellationToken);

    /// <summary>
    /// A page of instances matching the query, in creation order, and the token of the next page (null
    /// when this is the last).
    /// </summary>
    public async Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.TaskHubNames is { Count: > 0 } hubs && !hubs.Contains(_settings.TaskHub))
        {
            return new OrchestrationQueryResult([], null);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query.PageSize));
        var statuses = query.RuntimeStatus?.Select(s => s.ToString()).ToList();
        var filter = new InstanceFilter(statuses is { Count: > 0 } ? statuses : null, query.CreatedTimeFrom, query.CreatedTimeTo, query.InstanceIdPrefix);
        var page = await _instances.QueryAsync(
            filter, PageKey.Parse(query.ContinuationToken), query.PageSize + 1, query.FetchInputsAndOutputs, cancellationToken);
        if (page.Count <= query.PageSize)
        {
            return new OrchestrationQueryResult(page, null);
        }

        page.RemoveAt(page.Count - 1);
        var last = page[^1];
        return new OrchestrationQueryResult(page, PageKey.Format(last.CreatedTime, last.OrchestrationInstance.InstanceId));
    }

    private void OrchestrationWorkReady()
    {
        EnsureBackground();
        _signals.Orchestrations.Pulse();
        _notifications.OrchestrationWorkReady();
    }

    /// <summary>Continuation tokens: the (created time, instance id) key of a page's last instance.</summary>
    private static class PageKey
    {
        public static string Format(DateTime createdTime, string instanceId) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{createdTime.Ticks.ToString(CultureInfo.InvariantCulture)}|{instanceId}"));

        public static (DateTime, string)? Parse(string? token)
        {
            if (string.IsNullOrEmpty(token))
            {
                return null;
            }

            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                var bar = text.IndexOf('|', StringComparison.Ordinal);
                return (new DateTime(long.Parse(text[..bar], CultureInfo.InvariantCulture), DateTimeKind.Utc), text[(bar + 1)..]);
            }
            catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or OverflowException)
            {
                throw new ArgumentException($"'{token}' is not a continuation token of this task hub.", nameof(token), e);
            }
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using DurableTask.Core.History;

namespace Lumina.Durable.Http;

using Microsoft.DurableTask.Client;

/// <summary>An instance's status as the Durable Functions HTTP API shows it.</summary>
internal sealed record InstanceStatusResponse(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    JsonElement? Input,
    JsonElement? CustomStatus,
    JsonElement? Output,
    DateTime CreatedTime,
    DateTime LastUpdatedTime)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<HistoryEventResponse>? HistoryEvents { get; init; }

    public static InstanceStatusResponse From(
        OrchestrationMetadata instance, bool showInput, IEnumerable<HistoryEvent>? history, bool showHistoryOutput) => new(
        instance.Name,
        instance.InstanceId,
        instance.RuntimeStatus.ToString(),
        showInput ? HttpJson.Embed(instance.SerializedInput) : null,
        HttpJson.Embed(instance.SerializedCustomStatus),
        HttpJson.Embed(instance.SerializedOutput),
        instance.CreatedAt.UtcDateTime,
        instance.LastUpdatedAt.UtcDateTime)
    {
        HistoryEvents = history?.Select(e => HistoryEventResponse.From(e, showHistoryOutput)).ToList(),
    };
}

/// <summary>One history event; its payload only with showHistoryOutput.</summary>
internal sealed record HistoryEventResponse(string EventType, DateTime Timestamp)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TaskId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InstanceId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? FireAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Payload { get; init; }

    public static HistoryEventResponse From(HistoryEvent e, bool showPayload)
    {
        var (taskId, name, instanceId, fireAt, payload) = e switch
        {
            ExecutionStartedEvent s => (null, s.Name, null, null, s.Input),
            ContinueAsNewEvent c => (null, null, null, null, c.Result),
            ExecutionCompletedEvent c => (null, null, null, null, c.Result ?? Failure(c.FailureDetails)),
            ExecutionTerminatedEvent t => ((int?)null, (string?)null, (string?)null, (DateTime?)null, t.Input),
            TaskScheduledEvent s => (s.EventId, s.Name, null, null, s.Input),
            TaskCompletedEvent c => (c.TaskScheduledId, null, null, null, c.Result),
            TaskFailedEvent f => (f.TaskScheduledId, null, null, null, Failure(f.FailureDetails) ?? f.Reason),
            SubOrchestrationInstanceCreatedEvent s => (s.EventId, s.Name, s.InstanceId, null, s.Input),
            SubOrchestrationInstanceCompletedEvent c => (c.TaskScheduledId, null, null, null, c.Result),
            SubOrchestrationInstanceFailedEvent f => (f.TaskScheduledId, null, null, null, Failure(f.FailureDetails) ?? f.Reason),
            TimerCreatedEvent t => (t.EventId, null, null, t.FireAt, null),
            TimerFiredEvent t => (t.TimerId, null, null, t.FireAt, null),
            EventRaisedEvent r => (null, r.Name, null, null, r.Input),
            EventSentEvent s => (s.EventId, s.Name, s.InstanceId, null, s.Input),
            _ => (null, null, null, null, null),
        };
        return new HistoryEventResponse(e.EventType.ToString(), DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc))
        {
            TaskId = taskId,
            Name = name,
            InstanceId = instanceId,
            FireAt = fireAt,
            Payload = showPayload ? HttpJson.Embed(payload) : null,
        };
    }

    private static string? Failure(DurableTask.Core.FailureDetails? failure) =>
        failure is null ? null : JsonSerializer.Serialize(new { failure.ErrorType, failure.ErrorMessage, failure.StackTrace }, HttpJson.Options);
}

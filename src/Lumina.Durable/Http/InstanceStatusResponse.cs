using System.Text.Json;
using System.Text.Json.Serialization;
using Lumina.Durable.Client;
using Lumina.Durable.History;

namespace Lumina.Durable.Http;

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

    public static InstanceStatusResponse From(OrchestrationMetadata instance, bool showHistoryOutput) => new(
        instance.Name,
        instance.InstanceId,
        instance.RuntimeStatus.ToString(),
        HttpJson.Embed(instance.SerializedInput),
        HttpJson.Embed(instance.SerializedCustomStatus),
        HttpJson.Embed(instance.SerializedOutput),
        instance.CreatedAt,
        instance.LastUpdatedAt)
    {
        HistoryEvents = instance.History?.Select(e => HistoryEventResponse.From(e, showHistoryOutput)).ToList(),
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

    public static HistoryEventResponse From(HistoryEvent e, bool showPayload) => new(e.EventType.ToString(), e.Timestamp)
    {
        TaskId = e.TaskId,
        Name = e.Name,
        InstanceId = e.InstanceRef,
        FireAt = e.FireAt,
        Payload = showPayload ? HttpJson.Embed(e.Payload) : null,
    };
}

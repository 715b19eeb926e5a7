using DurableTask.Core.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Lumina.Durable.Postgres.Storage;

/// <summary>
/// An event as rows store it: its type, DurableTask.Core's JSON of it (its own data contract), and, for a
/// large event, its large field moved out (<see cref="PayloadId"/>, <see cref="Payload"/>).
/// </summary>
internal sealed record StoredEvent(string EventType, string Data, Guid? PayloadId, string? Payload);

/// <summary>
/// Turns DurableTask.Core history events into <see cref="StoredEvent"/>s and back. The JSON carries no type
/// names: the event type picks the class, so nothing in the stored text names a .NET type to instantiate.
/// </summary>
internal static class EventCodec
{
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.None,
        DateParseHandling = DateParseHandling.None,
        NullValueHandling = NullValueHandling.Ignore,
    });

    private static readonly Dictionary<EventType, (Type Class, string? LargeField)> Types = new()
    {
        [EventType.ExecutionStarted] = (typeof(ExecutionStartedEvent), "Input"),
        [EventType.ExecutionCompleted] = (typeof(ExecutionCompletedEvent), "Result"),
        [EventType.ContinueAsNew] = (typeof(ContinueAsNewEvent), "Result"),
        [EventType.ExecutionTerminated] = (typeof(ExecutionTerminatedEvent), "Input"),
        [EventType.ExecutionSuspended] = (typeof(ExecutionSuspendedEvent), "Reason"),
        [EventType.ExecutionResumed] = (typeof(ExecutionResumedEvent), "Reason"),
        [EventType.TaskScheduled] = (typeof(TaskScheduledEvent), "Input"),
        [EventType.TaskCompleted] = (typeof(TaskCompletedEvent), "Result"),
        [EventType.TaskFailed] = (typeof(TaskFailedEvent), "Details"),
        [EventType.SubOrchestrationInstanceCreated] = (typeof(SubOrchestrationInstanceCreatedEvent), "Input"),
        [EventType.SubOrchestrationInstanceCompleted] = (typeof(SubOrchestrationInstanceCompletedEvent), "Result"),
        [EventType.SubOrchestrationInstanceFailed] = (typeof(SubOrchestrationInstanceFailedEvent), "Details"),
        [EventType.TimerCreated] = (typeof(TimerCreatedEvent), null),
        [EventType.TimerFired] = (typeof(TimerFiredEvent), null),
        [EventType.EventRaised] = (typeof(EventRaisedEvent), "Input"),
        [EventType.EventSent] = (typeof(EventSentEvent), "Input"),
        [EventType.OrchestratorStarted] = (typeof(OrchestratorStartedEvent), null),
        [EventType.OrchestratorCompleted] = (typeof(OrchestratorCompletedEvent), null),
        [EventType.GenericEvent] = (typeof(GenericEvent), "Data"),
        [EventType.HistoryState] = (typeof(HistoryStateEvent), null),
        [EventType.ExecutionRewound] = (typeof(ExecutionRewoundEvent), "Reason"),
    };

    /// <summary>Encodes an event; when its JSON exceeds <paramref name="inlineLimit"/> characters, its large field goes to a new payload.</summary>
    public static StoredEvent Encode(HistoryEvent historyEvent, int inlineLimit)
    {
        var (_, largeField) = Lookup(historyEvent.EventType);
        var json = Serialize(historyEvent);
        if (json.Length <= inlineLimit || largeField is null)
        {
            return new StoredEvent(historyEvent.EventType.ToString(), json, null, null);
        }

        var fields = JObject.Parse(json);
        if (fields[largeField] is not JValue { Type: JTokenType.String, Value: string value })
        {
            return new StoredEvent(historyEvent.EventType.ToString(), json, null, null);
        }

        fields.Remove(largeField);
        return new StoredEvent(historyEvent.EventType.ToString(), fields.ToString(Formatting.None), Guid.NewGuid(), value);
    }

    /// <summary>An event encoded as <paramref name="data"/>, with its large field <paramref name="payload"/> when it has one.</summary>
    public static HistoryEvent Decode(string eventType, string data, string? payload)
    {
        var (type, largeField) = Enum.TryParse<EventType>(eventType, out var known)
            ? Lookup(known)
            : throw new NotSupportedException($"The task hub holds an event of unknown type '{eventType}'.");
        if (payload is null || largeField is null)
        {
            using var reader = new JsonTextReader(new StringReader(data));
            return (HistoryEvent)Serializer.Deserialize(reader, type)!;
        }

        var fields = JObject.Parse(data);
        fields[largeField] = payload;
        return (HistoryEvent)fields.ToObject(type, Serializer)!;
    }

    /// <summary>DurableTask.Core's data contract of any of its objects (tags, failure details, parents), without type names.</summary>
    public static string Serialize(object value)
    {
        using var writer = new StringWriter();
        Serializer.Serialize(writer, value);
        return writer.ToString();
    }

    public static T? Deserialize<T>(string? json) where T : class
    {
        if (json is null)
        {
            return null;
        }

        using var reader = new JsonTextReader(new StringReader(json));
        return Serializer.Deserialize<T>(reader);
    }

    private static (Type Class, string? LargeField) Lookup(EventType eventType) =>
        Types.TryGetValue(eventType, out var entry)
            ? entry
            : throw new NotSupportedException($"The PostgreSQL provider does not store {eventType} events.");
}

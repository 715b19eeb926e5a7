using DurableTask.Core.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Lumina.Durable.Hosting;

/// <summary>
/// Reads the history a provider returns as text (DTFx's history events as JSON, each with its numeric EventType) back
/// into DTFx's event classes, choosing each event's class by its type.
/// </summary>
internal static class HistoryJson
{
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.None,
        ConstructorHandling = ConstructorHandling.AllowNonPublicDefaultConstructor,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
    });

    public static IList<HistoryEvent> Read(string? json) => string.IsNullOrWhiteSpace(json)
        ? []
        : [.. JArray.Parse(json).OfType<JObject>().Select(Read)];

    private static HistoryEvent Read(JObject item)
    {
        var type = item.Value<int>(nameof(HistoryEvent.EventType));
        var eventClass = typeof(HistoryEvent).Assembly.GetType($"{typeof(HistoryEvent).Namespace}.{(EventType)type}Event") ?? typeof(GenericEvent);
        return (HistoryEvent)item.ToObject(eventClass, Serializer)!;
    }
}

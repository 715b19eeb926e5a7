using Microsoft.DurableTask.Converters;
using CoreDataConverter = DurableTask.Core.Serializing.DataConverter;

namespace Lumina.Durable.Hosting;

/// <summary>
/// The one serializer of orchestration payloads (inputs, outputs, activity results, events, custom status):
/// System.Text.Json with <see cref="DurableJson.Options"/>. The Microsoft.DurableTask shims use <see cref="Shared"/>;
/// DTFx's TaskHubClient uses <see cref="Core"/>, the same converter, because its default (Newtonsoft with
/// <c>$type</c>) writes what the shims read back wrong (dictionaries, camelCase, names of properties).
/// </summary>
public static class DurableConverters
{
    public static JsonDataConverter Shared { get; } = new(DurableJson.Options);

    public static CoreDataConverter Core { get; } = new CoreConverter();

    private sealed class CoreConverter : CoreDataConverter
    {
        public override string Serialize(object value) => Shared.Serialize(value)!;

        public override string Serialize(object value, bool formatted) => Serialize(value);

        public override object Deserialize(string data, Type objectType) => Shared.Deserialize(data, objectType)!;
    }
}

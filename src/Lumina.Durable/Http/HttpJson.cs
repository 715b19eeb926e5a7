using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lumina.Durable.Http;

/// <summary>JSON of the management API: camelCase, times as <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
internal static class HttpJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new UtcSecondsConverter() },
    };

    /// <summary>
    /// Stored JSON text as a value to embed; null stays null. Text that is not JSON (a provider's failure message) is
    /// embedded as a string.
    /// </summary>
    public static JsonElement? Embed(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);
        }
    }

    private sealed class UtcSecondsConverter : JsonConverter<DateTime>
    {
        private const string Format = "yyyy-MM-ddTHH:mm:ssZ";

        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTime.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture));
    }
}

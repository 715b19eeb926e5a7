using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lumina.Functions.Http;

/// <summary>
/// JSON of Lumina's own routes: snake_case; unknown request fields are refused so that typos surface. Quotes and
/// apostrophes in messages stay readable (the answers are JSON, never embedded in HTML).
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

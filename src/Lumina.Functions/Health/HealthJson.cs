using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lumina.Functions.Health;

/// <summary>The health report as JSON (snake_case), for programs.</summary>
public static class HealthJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Render(HealthReport report) => JsonSerializer.Serialize(report, Options);
}

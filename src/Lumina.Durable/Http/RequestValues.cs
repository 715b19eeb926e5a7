using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Lumina.Durable.Http;

using Microsoft.DurableTask.Client;

/// <summary>Reads query parameters and JSON bodies; a bad value throws an <see cref="ArgumentException"/> (400) naming it.</summary>
internal static class RequestValues
{
    public static bool Flag(HttpRequest request, string name, bool defaultValue)
    {
        var text = request.Query[name].ToString();
        return text.Length == 0 ? defaultValue
            : bool.TryParse(text, out var value) ? value
            : throw new ArgumentException($"Query parameter '{name}' must be true or false (got '{text}').");
    }

    public static DateTime? Time(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        return text.Length == 0 ? null
            : DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value) ? value
            : throw new ArgumentException($"Query parameter '{name}' must be a date and time such as 2024-05-01T00:00:00Z (got '{text}').");
    }

    public static int? Int(HttpRequest request, string name, int minimum, int maximum)
    {
        var text = request.Query[name].ToString();
        return text.Length == 0 ? null
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum ? value
            : throw new ArgumentException($"Query parameter '{name}' must be a whole number from {minimum} to {maximum} (got '{text}').");
    }

    public static string? Text(HttpRequest request, string name) => request.Query[name].ToString() is { Length: > 0 } text ? text : null;

    /// <summary>runtimeStatus=Running,Pending (or the parameter repeated); null when absent.</summary>
    public static IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses(HttpRequest request, string name)
    {
        var names = request.Query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (names.Count == 0)
        {
            return null;
        }

        return names.Select(n => Enum.TryParse<OrchestrationRuntimeStatus>(n, ignoreCase: true, out var status) && !int.TryParse(n, out _)
            ? status
            : throw new ArgumentException(
                $"Query parameter '{name}' has an unknown status '{n}' (known: {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}).")).ToList();
    }

    /// <summary>The request's JSON body, or null when it is empty.</summary>
    public static async Task<JsonElement?> JsonBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The request body is not valid JSON: {e.Message}", e);
        }
    }
}

using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Lumina.Functions.Http;

/// <summary>
/// Reads a route's JSON body as <typeparamref name="T"/> (a record of the fields the route takes), refusing
/// with a <see cref="RequestException"/> that names the field and the value it takes, never a .NET type.
/// </summary>
internal static class JsonBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length == 0)
        {
            throw new RequestException($"the request needs a JSON object body: {Describe(typeof(T))}");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new RequestException($"bad JSON: {e.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RequestException($"the body must be a JSON object: {Describe(typeof(T))}");
        }

        CheckFields(typeof(T), root, "");
        try
        {
            return root.Deserialize<T>(ApiJson.Options) ?? throw new RequestException($"the request needs a JSON object body: {Describe(typeof(T))}");
        }
        catch (JsonException e)
        {
            throw new RequestException(Mistyped(typeof(T), root, e.Path));
        }
    }

    private static void CheckFields(Type type, JsonElement value, string prefix)
    {
        var fields = Fields(type);
        foreach (var property in value.EnumerateObject())
        {
            var field = fields.FirstOrDefault(f => string.Equals(f.Name, property.Name, StringComparison.OrdinalIgnoreCase))
                ?? throw new RequestException($"unknown field '{prefix}{property.Name}': {(prefix.Length == 0 ? "the body" : prefix.TrimEnd('.'))} takes {string.Join(", ", fields.Select(f => f.Name))}");
            if (IsObject(field.Type) && property.Value.ValueKind == JsonValueKind.Object)
            {
                CheckFields(field.Type, property.Value, $"{prefix}{field.Name}.");
            }
        }
    }

    /// <summary>"similarity_threshold must be a whole number (got "five")" for the field at a JSON path such as $.similarity_threshold.</summary>
    private static string Mistyped(Type type, JsonElement root, string? path)
    {
        var names = (path ?? "$").TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries);
        var (fieldType, value) = (type, root);
        foreach (var name in names)
        {
            var field = Fields(fieldType).FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
            if (field is null || value.ValueKind != JsonValueKind.Object || !TryGetProperty(value, name, out value))
            {
                return $"the body does not match what the route takes: {Describe(type)}";
            }

            fieldType = field.Type;
        }

        var got = value.GetRawText();
        return $"{(names.Length == 0 ? "the body" : string.Join('.', names))} must be {Expected(fieldType)} (got {(got.Length > 40 ? got[..40] + "..." : got)})";
    }

    private static bool TryGetProperty(JsonElement value, string name, out JsonElement found)
    {
        foreach (var property in value.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            found = property.Value;
            return true;
        }

        found = default;
        return false;
    }

    private static string Describe(Type type) => $"{{{string.Join(", ", Fields(type).Select(f => $"\"{f.Name}\": {Expected(f.Type)}"))}}}";

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) => "a number",
            { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type).Select(n => $"\"{Name(n)}\""))}",
            _ => $"an object {Describe(type)}",
        };
    }

    private static bool IsObject(Type type) => type.IsClass && type != typeof(string);

    private static IReadOnlyList<Field> Fields(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => new Field(Name(p.Name), p.PropertyType))];

    private sealed record Field(string Name, Type Type);

    private static string Name(string member) => ApiJson.Options.PropertyNamingPolicy!.ConvertName(member);
}

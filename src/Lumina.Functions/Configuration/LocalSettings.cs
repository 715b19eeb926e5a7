using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Lumina.Functions.Configuration;

/// <summary>
/// The <c>Values</c> of a Functions-style <c>local.settings.json</c> in the working folder, read as settings
/// the way Functions Core Tools does for local runs. Environment variables added after it win.
/// </summary>
public static class LocalSettings
{
    public const string FileName = "local.settings.json";

    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder builder, string folder)
    {
        var path = Path.Combine(folder, FileName);
        return File.Exists(path) ? builder.AddInMemoryCollection(Read(path)) : builder;
    }

    private static Dictionary<string, string?> Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.TryGetProperty("IsEncrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
            {
                throw new ArgumentException($"{path} is encrypted (IsEncrypted: true): decrypt it with Functions Core Tools or write its values in plain text");
            }

            return root.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object
                ? values.EnumerateObject().ToDictionary(
                    v => v.Name,
                    v => v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString() : v.Value.GetRawText())
                : [];
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path} is not valid JSON: {e.Message}");
        }
    }
}

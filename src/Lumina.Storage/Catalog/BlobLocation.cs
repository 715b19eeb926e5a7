using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lumina.Storage.Catalog;

/// <summary>
/// Where a blob catalog's originals or derived files live: a connection (a connection string, a SAS URL,
/// or the name of a setting holding one, as Functions bindings name theirs), a container and a prefix.
/// Stored as JSON in <c>catalogs.source</c> / <c>catalogs.derived</c>.
/// </summary>
public sealed partial record BlobLocation(string Connection, string Container, string Prefix)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static BlobLocation FromJson(string json) =>
        JsonSerializer.Deserialize<BlobLocation>(json, Json) ?? throw new CatalogException($"bad blob location: {json}");

    /// <summary>The location for messages and listings: secrets (account keys, SAS signatures) masked.</summary>
    public string Describe() => $"{Redact(Connection)} container '{Container}'{(Prefix.Length == 0 ? "" : $" prefix '{Prefix}'")}";

    public static string Redact(string connection) =>
        Secret().Replace(connection, m => $"{m.Groups[1].Value}***");

    [GeneratedRegex(@"((?:AccountKey|SharedAccessSignature|sig)=)[^;&]*", RegexOptions.IgnoreCase)]
    private static partial Regex Secret();
}

using System.Text;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>
/// Request URIs for containers and blobs. Each '/'-separated segment of a blob name is percent-encoded
/// (everything outside RFC 3986's unreserved characters), and the URI is created without .NET's path
/// canonicalization so that what is signed is byte for byte what is sent.
/// </summary>
internal static class BlobUris
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    public static Uri Container(BlobServiceConnection connection, string container, params (string Name, string Value)[] query) =>
        Build(connection, "/" + container, query);

    public static Uri Blob(BlobServiceConnection connection, string container, string blob, params (string Name, string Value)[] query) =>
        Build(connection, "/" + container + "/" + EscapeName(blob), query);

    public static string EscapeName(string blob) => string.Join('/', blob.Split('/').Select(Uri.EscapeDataString));

    /// <summary>Checks a container name against the service's rules, so a bad one fails before any request.</summary>
    public static void ValidateContainerName(string container)
    {
        var valid = container is "$root" or "$logs" or "$web"
            || (container.Length is >= 3 and <= 63
                && container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
                && char.IsAsciiLetterOrDigit(container[0]) && char.IsAsciiLetterOrDigit(container[^1])
                && !container.Contains("--", StringComparison.Ordinal));
        if (!valid)
        {
            throw new ArgumentException(
                $"'{container}' is not a valid container name: use 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit",
                nameof(container));
        }
    }

    /// <summary>
    /// Checks a blob name: 1 to 1,024 characters, no '\' (the service turns it into '/'), no empty, '.' or '..'
    /// segments and no trailing '.' (URL handling would rewrite those), so a name always comes back as it went in.
    /// </summary>
    public static void ValidateBlobName(string blob)
    {
        if (blob.Length is 0 or > 1024 || blob.Contains('\\') || blob.EndsWith('.') || blob.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException(
                $"'{blob}' is not a usable blob name: use 1 to 1,024 characters, '/' between segments (not '\\'), "
                + "no empty, '.' or '..' segments, and no '.' or '/' at the end",
                nameof(blob));
        }
    }

    private static Uri Build(BlobServiceConnection connection, string path, (string Name, string Value)[] query)
    {
        var builder = new StringBuilder(connection.BaseAddress).Append(path);
        var separator = '?';
        foreach (var (name, value) in query)
        {
            builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        if (connection.SasQuery is { } sas)
        {
            builder.Append(separator).Append(sas);
        }

        return new Uri(builder.ToString(), Verbatim);
    }
}

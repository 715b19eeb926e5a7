namespace Lumina.Storage.Blobs.Azure;

/// <summary>The service's rules for container and blob names, checked before any request so that a bad name fails with what to change.</summary>
internal static class BlobNames
{
    /// <summary>Checks a container name against the service's rules.</summary>
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
}

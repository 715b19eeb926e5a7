namespace Lumina.Storage.Paths;

/// <summary>
/// The one way Lumina turns a name or id into a file path: the parts are joined under a root, the result is
/// resolved, and it must lie inside the root, or <see cref="PathEscapeException"/> is thrown. Backups, derived
/// folders, derived files and local originals all go through it.
/// </summary>
public static class ContainedPath
{
    /// <summary>The full path of <paramref name="parts"/> joined under <paramref name="root"/>, strictly inside it.</summary>
    public static string Under(string root, params string[] parts)
    {
        var fullRoot = Root(root);
        foreach (var part in parts)
        {
            if (part.Length == 0 || part.Contains('\0') || Path.IsPathRooted(part))
            {
                throw new PathEscapeException($"'{part}' is not a name that can be placed under {fullRoot}");
            }
        }

        var path = Path.GetFullPath(Path.Combine([fullRoot, .. parts]));
        return IsInside(fullRoot, path) ? path : throw new PathEscapeException($"'{string.Join('/', parts)}' leaves {fullRoot}");
    }

    /// <summary>Whether <paramref name="path"/>, once resolved, lies strictly inside <paramref name="root"/>.</summary>
    public static bool IsInside(string root, string path)
    {
        var fullRoot = Root(root);
        var full = Path.GetFullPath(path);
        return full.Length > fullRoot.Length + 1
            && full.StartsWith(fullRoot, StringComparison.Ordinal)
            && full[fullRoot.Length] == Path.DirectorySeparatorChar;
    }

    /// <summary>Whether either path is the other or lies inside it.</summary>
    public static bool Overlap(string first, string second)
    {
        var a = Root(first);
        var b = Root(second);
        return a == b || IsInside(a, b) || IsInside(b, a);
    }

    private static string Root(string root) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
}

/// <summary>A path built from a name or id would lie outside the folder it belongs in.</summary>
public sealed class PathEscapeException(string message) : ArgumentException(message);

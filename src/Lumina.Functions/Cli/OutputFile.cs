using Lumina.Storage.Catalog;

namespace Lumina.Functions.Cli;

/// <summary>A file named by <c>--output</c>, checked before any work: a path that cannot be written is one line naming it and why.</summary>
internal static class OutputFile
{
    /// <summary>The full path to write, or a <see cref="CatalogException"/> naming <paramref name="path"/> and the reason it cannot be.</summary>
    public static string Check(string path, IEnumerable<CatalogRecord> catalogs)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw Refused(path, $"{full} is a folder: give the name of a file to write");
        }

        var parent = Path.GetDirectoryName(full)!;
        for (var at = parent; !string.IsNullOrEmpty(at); at = Path.GetDirectoryName(at))
        {
            if (File.Exists(at))
            {
                throw Refused(path, $"{at} is a file, not a folder");
            }

            if (Directory.Exists(at))
            {
                break;
            }
        }

        if (!Directory.Exists(parent))
        {
            throw Refused(path, $"the folder {parent} does not exist");
        }

        var originals = catalogs.FirstOrDefault(c => c.SourceKind == SourceKind.Folder && full.StartsWith(Path.TrimEndingDirectorySeparator(c.Source) + "/", StringComparison.Ordinal));
        return originals is null
            ? full
            : throw Refused(path, $"it is inside the originals of catalog '{originals.Name}' ({originals.Source}), and Lumina never writes among originals");
    }

    /// <summary>Creates (or replaces) the checked file.</summary>
    public static FileStream Create(string path)
    {
        try
        {
            return File.Create(path);
        }
        catch (UnauthorizedAccessException)
        {
            throw Refused(path, "permission denied");
        }
        catch (IOException e)
        {
            throw Refused(path, e.Message);
        }
    }

    private static CatalogException Refused(string path, string reason) => new($"cannot write --output {path}: {reason}");
}

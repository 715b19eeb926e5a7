using Lumina.Storage.Catalog;
using Lumina.Storage.Paths;

namespace Lumina.Functions.Catalogs;

/// <summary>An original moved away (<see cref="To"/> null: marked on its blob), or put back.</summary>
public sealed record MovedOriginal(long ImageId, string Path, string? To);

/// <summary>An original left where it is, and why.</summary>
public sealed record SkippedOriginal(long ImageId, string Path, string Reason);

public sealed record RejectedMoveResult(Guid Move, string? Folder, string Backup, IReadOnlyList<MovedOriginal> Moved, IReadOnlyList<SkippedOriginal> Skipped);

public sealed record RejectedRestoreResult(Guid Move, IReadOnlyList<MovedOriginal> Restored, IReadOnlyList<SkippedOriginal> Skipped);

/// <summary>
/// The one action that takes rejected originals out of a catalog, opt-in and reversible: a folder catalog's
/// originals that a decision rejects (and none keeps) move into a folder the user names, under their relative paths,
/// after a backup; a blob catalog's blobs get the metadata <see cref="BlobMark"/> instead. Every file is recorded so
/// that a restore moves it back. Nothing is deleted, and no file is ever overwritten, at the destination or back home.
/// </summary>
public sealed class RejectedOriginals(
    ReviewRepository reviews, RejectedMoveRepository moves, CatalogBackups backups, CatalogService stores, ImageRepository images, CatalogPhaseRepository phases)
{
    /// <summary>The metadata a rejected blob gets (blob metadata names are C# identifiers: no hyphen).</summary>
    public const string BlobMark = "lumina_rejected";

    public async Task<RejectedMoveResult> MoveAsync(CatalogRecord catalog, string? folder, CancellationToken ct)
    {
        var destination = catalog.SourceKind == SourceKind.Folder ? Destination(catalog, folder) : null;
        if (catalog.SourceKind == SourceKind.Blob && folder is not null)
        {
            throw new CatalogException($"catalog '{catalog.Name}' keeps its originals in blob storage: its rejected blobs are marked ({BlobMark}=true), not moved; leave out folder");
        }

        var rejected = await reviews.RejectedAsync(catalog.Id, ct);
        if (rejected.Count == 0)
        {
            throw new CatalogException($"catalog '{catalog.Name}' has no rejected originals to move: reject members of duplicate groups or bursts first");
        }

        var backup = await backups.BackupAsync(catalog, "move-rejected", null, ct);
        var move = Guid.CreateVersion7();
        await moves.StartAsync(catalog.Id, move, destination, backup.Location, ct);
        var moved = new List<MovedOriginal>();
        var skipped = new List<SkippedOriginal>();
        foreach (var image in rejected)
        {
            var outcome = destination is null ? await MarkAsync(catalog, image, true, ct) : MoveFile(catalog.Source, destination, image);
            if (outcome is { } reason)
            {
                skipped.Add(new SkippedOriginal(image.Id, image.Path, reason));
                continue;
            }

            var to = destination is null ? null : ContainedPath.Under(destination, Parts(image.Path));
            await moves.RecordAsync(move, image.Id, image.Path, to, ct);
            moved.Add(new MovedOriginal(image.Id, image.Path, to));
        }

        if (destination is not null && moved.Count > 0)
        {
            await images.MarkRemovedAsync(catalog.Id, [.. moved.Select(m => m.Path)], ct);
        }

        return new RejectedMoveResult(move, destination, backup.Location, moved, skipped);
    }

    /// <summary>Puts back the originals of <paramref name="move"/> (default: the latest move not restored yet).</summary>
    public async Task<RejectedRestoreResult> RestoreAsync(CatalogRecord catalog, Guid? move, CancellationToken ct)
    {
        var all = await moves.ListAsync(catalog.Id, ct);
        var chosen = move is { } id
            ? all.FirstOrDefault(m => m.Id == id) ?? throw new CatalogException($"catalog '{catalog.Name}' has no move {id} of rejected originals", CatalogFault.NotFound)
            : all.FirstOrDefault(m => m.RestoredAt is null) ?? throw new CatalogException($"catalog '{catalog.Name}' has no move of rejected originals to undo", CatalogFault.NotFound);
        var restored = new List<MovedOriginal>();
        var skipped = new List<SkippedOriginal>();
        foreach (var file in await moves.AwayAsync(catalog.Id, chosen.Id, ct))
        {
            var image = new RejectedImage(file.ImageId, file.Path, 0);
            var problem = file.Destination is null ? await MarkAsync(catalog, image, false, ct) : MoveBack(catalog.Source, chosen.Folder!, file);
            if (problem is not null)
            {
                skipped.Add(new SkippedOriginal(file.ImageId, file.Path, problem));
                continue;
            }

            await moves.RestoredAsync(chosen.Id, file.ImageId, ct);
            restored.Add(new MovedOriginal(file.ImageId, file.Path, file.Destination));
        }

        await moves.FinishRestoreAsync(catalog.Id, chosen.Id, ct);
        if (chosen.Folder is not null && restored.Count > 0)
        {
            await phases.PairRawFilesAsync(catalog.Id, ct);
        }

        return new RejectedRestoreResult(chosen.Id, restored, skipped);
    }

    /// <summary>
    /// The folder, resolved (symbolic links followed), once it is shown to be a place the originals may go: an absolute
    /// path, not a file, neither the catalog's folder nor one holding it, and not inside it unless in a hidden folder
    /// (which scans skip). Created when missing.
    /// </summary>
    private static string Destination(CatalogRecord catalog, string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new CatalogException("folder is required: the absolute path of a folder to move the rejected originals into");
        }

        if (folder.Any(char.IsControl) || !Path.IsPathFullyQualified(folder))
        {
            throw new CatalogException($"folder must be an absolute path without control characters (got '{Printable(folder)}')");
        }

        var real = RealPath(folder);
        var root = RealPath(catalog.Source);
        if (File.Exists(real))
        {
            throw new CatalogException($"{real} is a file: give a folder");
        }

        if (real == root || ContainedPath.IsInside(real, root))
        {
            throw new CatalogException($"{real} holds the catalog's folder {root}: choose a folder outside it");
        }

        if (ContainedPath.IsInside(root, real) && !Path.GetRelativePath(root, real).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
        {
            throw new CatalogException(
                $"{real} is inside the catalog's folder {root}, whose scans would find the moved files again: choose a folder outside it, or a hidden one (its name starting with '.')");
        }

        Directory.CreateDirectory(real);
        return real;
    }

    /// <summary>Moves one original under the destination; the reason when it stays.</summary>
    private static string? MoveFile(string root, string destination, RejectedImage image)
    {
        try
        {
            var from = ContainedPath.Under(root, Parts(image.Path));
            var to = ContainedPath.Under(destination, Parts(image.Path));
            var file = new FileInfo(from);
            if (!file.Exists)
            {
                return "the original is not at its path any more";
            }

            if (file.Length != image.FileSize)
            {
                return $"the original changed since it was analyzed ({file.Length} bytes, not {image.FileSize}): analyze and review it again";
            }

            if (File.Exists(to) || Directory.Exists(to))
            {
                return $"{to} already exists: Lumina never overwrites a file";
            }

            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Move(from, to, overwrite: false);
            return null;
        }
        catch (Exception e) when (e is PathEscapeException or IOException or UnauthorizedAccessException)
        {
            return $"not moved: {e.Message}";
        }
    }

    private static string? MoveBack(string root, string folder, MovedFile file)
    {
        try
        {
            var home = ContainedPath.Under(root, Parts(file.Path));
            var away = ContainedPath.Under(folder, Parts(file.Path));
            if (!File.Exists(away))
            {
                return $"{away} is not there any more";
            }

            if (File.Exists(home) || Directory.Exists(home))
            {
                return $"a file is at {home} again: Lumina never overwrites a file; move one of them yourself";
            }

            Directory.CreateDirectory(Path.GetDirectoryName(home)!);
            File.Move(away, home, overwrite: false);
            return null;
        }
        catch (Exception e) when (e is PathEscapeException or IOException or UnauthorizedAccessException)
        {
            return $"not moved back: {e.Message}";
        }
    }

    /// <summary>Sets (or removes) the rejected mark on a blob, keeping its other metadata; the reason when it cannot.</summary>
    private async Task<string?> MarkAsync(CatalogRecord catalog, RejectedImage image, bool rejected, CancellationToken ct)
    {
        var store = stores.BlobOriginals(catalog);
        var name = store.Prefix + image.Path;
        if (await store.Container.GetPropertiesAsync(name, ct) is not { } blob)
        {
            return "the blob is not there any more";
        }

        var metadata = new Dictionary<string, string>(blob.Metadata, StringComparer.OrdinalIgnoreCase);
        if (rejected)
        {
            metadata[BlobMark] = "true";
        }
        else
        {
            metadata.Remove(BlobMark);
        }

        await store.Container.SetMetadataAsync(name, metadata, ct);
        return null;
    }

    private static string[] Parts(string path) => path.Split('/');

    private static string Printable(string text) => new([.. text.Select(c => char.IsControl(c) ? '?' : c)]);

    /// <summary>The absolute path with every symbolic link along it followed (the parts that do not exist yet kept as given).</summary>
    private static string RealPath(string path)
    {
        var current = Path.GetPathRoot(Path.GetFullPath(path))!;
        foreach (var part in Path.GetFullPath(path)[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            current = info.Exists && info.LinkTarget is not null ? RealPath(info.ResolveLinkTarget(returnFinalTarget: true)!.FullName) : next;
        }

        return Path.TrimEndingDirectorySeparator(current);
    }
}

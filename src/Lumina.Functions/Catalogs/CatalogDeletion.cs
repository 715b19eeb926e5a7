using Lumina.Functions.Jobs;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Lumina.Storage.Paths;

namespace Lumina.Functions.Catalogs;

/// <summary>What deleting a catalog did: the backup taken first, the images and rows removed, and its derived files.</summary>
public sealed record CatalogDeleted(string Name, Guid Id, BackupFile Backup, long Images, long Rows, string Derived, long DerivedFiles, string? DerivedLeft);

/// <summary>
/// Deletes a catalog: refused while one of its jobs runs; a backup first; then Lumina's rows in bounded chunks,
/// its thumbnails and previews (the folder under LUMINA_HOME/derived, or its prefix in the derived container;
/// the backups copied there stay), and last the catalog itself. Never an original. A delete that was
/// interrupted is finished by deleting again.
/// </summary>
public sealed class CatalogDeletion(CatalogRepository catalogs, CatalogService stores, CatalogBackups backups, JobService jobs)
{
    /// <summary>How many of the catalog's newest jobs are checked for one still running.</summary>
    private const int JobsChecked = 1000;

    private const int ParallelDeletes = 8;

    private const int TreeAttempts = 5;

    private static readonly TimeSpan TreePause = TimeSpan.FromMilliseconds(500);

    public async Task<CatalogDeleted> DeleteAsync(string nameOrId, CancellationToken ct)
    {
        var catalog = await catalogs.GetAsync(nameOrId, ct);
        var markedNow = await catalogs.MarkDeletingAsync(catalog.Id, true, ct);
        BackupFile backup;
        try
        {
            if (await jobs.RunningJobAsync(catalog.Id, null, JobsChecked, ct) is { } running)
            {
                throw new CatalogException(
                    $"catalog '{catalog.Name}' has a job running ({running.Type} {running.Id}): wait for it to end or stop it with `./lumina jobs cancel {running.Id}`, then delete again",
                    CatalogFault.Conflict);
            }

            backup = await backups.BackupAsync(catalog, "before-delete", null, ct);
        }
        catch when (markedNow)
        {
            await catalogs.MarkDeletingAsync(catalog.Id, false, CancellationToken.None);
            throw;
        }

        var rows = await catalogs.DeleteRowsAsync(catalog.Id, CatalogRepository.DeleteChunk, ct);
        var (files, left) = await DeleteDerivedAsync(catalog, ct);
        await catalogs.DeleteAsync(catalog.Id, ct);
        return new CatalogDeleted(catalog.Name, catalog.Id, backup, backup.Manifest.Rows["images"], rows, stores.Derived(catalog).Location, files, left);
    }

    /// <summary>Deletes the catalog's derived files when they are provably its own; else says what was left and why.</summary>
    private async Task<(long Files, string? Left)> DeleteDerivedAsync(CatalogRecord catalog, CancellationToken ct)
    {
        var others = (await catalogs.ListAsync(ct)).Where(c => c.Id != catalog.Id).ToList();
        return catalog.SourceKind == SourceKind.Folder ? await DeleteDerivedFolderAsync(catalog, others, ct) : await DeleteDerivedBlobsAsync(catalog, others, ct);
    }

    private async Task<(long, string?)> DeleteDerivedFolderAsync(CatalogRecord catalog, IReadOnlyList<CatalogRecord> others, CancellationToken ct)
    {
        var folder = catalog.Derived;
        if (!ContainedPath.IsInside(stores.DerivedRoot, folder))
        {
            return (0, $"{folder} was left in place: it is not under {stores.DerivedRoot}");
        }

        if (others.Append(catalog).FirstOrDefault(c => c.SourceKind == SourceKind.Folder && ContainedPath.Overlap(c.Source, folder)) is { } reader)
        {
            return (0, $"{folder} was left in place: it holds originals of catalog '{reader.Name}'");
        }

        return (await DeleteTreeAsync(folder, ct), null);
    }

    /// <summary>
    /// Deletes a folder and everything in it, counting the files. The last batch of a job that was just stopped may
    /// still be writing into it, so a failed attempt is tried again; if files keep appearing, the delete stops with
    /// the catalog kept (marked as being deleted) so that deleting again finishes it.
    /// </summary>
    private static async Task<long> DeleteTreeAsync(string folder, CancellationToken ct)
    {
        long files = 0;
        for (var attempt = 1; Directory.Exists(folder); attempt++)
        {
            try
            {
                foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                {
                    File.Delete(file);
                    files++;
                }

                Directory.Delete(folder, recursive: true);
            }
            catch (IOException) when (attempt < TreeAttempts)
            {
                await Task.Delay(TreePause, ct);
            }
            catch (IOException e)
            {
                throw new CatalogException(
                    $"files were still being written into {folder} (the last batch of a job that was stopped?): {e.Message}; delete the catalog again to finish",
                    CatalogFault.Conflict);
            }
        }

        return files;
    }

    private async Task<(long, string?)> DeleteDerivedBlobsAsync(CatalogRecord catalog, IReadOnlyList<CatalogRecord> others, CancellationToken ct)
    {
        var derived = (AzureBlobStore)stores.Derived(catalog);
        if (derived.Prefix != $"{catalog.Id}/")
        {
            return (0, $"{derived.Location} was left in place: it is not the catalog's own prefix {catalog.Id}/");
        }

        foreach (var other in others.Append(catalog).Where(c => c.SourceKind == SourceKind.Blob))
        {
            var originals = stores.BlobOriginals(other);
            if (originals.Container.Url == derived.Container.Url && (originals.Prefix.StartsWith(derived.Prefix, StringComparison.Ordinal) || derived.Prefix.StartsWith(originals.Prefix, StringComparison.Ordinal)))
            {
                return (0, $"{derived.Location} was left in place: it holds originals of catalog '{other.Name}'");
            }
        }

        long deleted = 0;
        var page = new List<string>();
        await foreach (var blob in derived.ListAsync("", ct))
        {
            if (!blob.Name.StartsWith(CatalogBackups.BlobFolder, StringComparison.Ordinal))
            {
                page.Add(blob.Name);
            }

            if (page.Count == 500)
            {
                deleted += await DeleteAllAsync(derived, page, ct);
                page.Clear();
            }
        }

        return (deleted + await DeleteAllAsync(derived, page, ct), null);
    }

    private static async Task<long> DeleteAllAsync(AzureBlobStore store, IReadOnlyList<string> names, CancellationToken ct)
    {
        long deleted = 0;
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = ParallelDeletes, CancellationToken = ct }, async (name, token) =>
        {
            if (await store.DeleteAsync(name, token))
            {
                Interlocked.Increment(ref deleted);
            }
        });
        return deleted;
    }
}

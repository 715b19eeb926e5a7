using Lumina.Storage.Catalog;

namespace Lumina.Functions.Catalogs;

/// <summary>What a purge of removed images did: images deleted, groups and bursts dropped, and the backup taken first.</summary>
public sealed record PurgeResult(int Purged, int Groups, int Bursts, BackupFile? Backup);

/// <summary>
/// Drops a catalog's removed images (originals gone, metadata kept) after a backup, in chunks of a bounded size,
/// each its own transaction, so a large purge neither holds one long transaction nor loses finished chunks; an
/// interrupted purge is finished by purging again. Thumbnails and previews stay: the originals are gone, so a
/// restore of the backup could not make them again.
/// </summary>
public sealed class RemovedImages(ImageRepository images, CatalogBackups backups)
{
    public const int Chunk = 1000;

    public async Task<PurgeResult> PurgeAsync(CatalogRecord catalog, int chunk, CancellationToken ct)
    {
        if (await images.CountRemovedAsync(catalog.Id, ct) == 0)
        {
            return new PurgeResult(0, 0, 0, null);
        }

        var backup = await backups.BackupAsync(catalog, "before-purge-removed", null, ct);
        var (purged, groups, bursts, after) = (0, 0, 0, 0L);
        while (await images.PurgeRemovedAsync(catalog.Id, chunk, after, ct) is { Images: > 0 } done)
        {
            (purged, groups, bursts, after) = (purged + done.Images, groups + done.Groups, bursts + done.Bursts, done.Last);
        }

        return new PurgeResult(purged, groups, bursts, backup);
    }
}

using Lumina.Core.Bursts;
using Lumina.Core.Duplicates;
using Lumina.Core.Geo;
using Lumina.Core.Pipeline;
using Lumina.Functions.Catalogs;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Jobs;

/// <summary>
/// The catalog-wide phases, on stored metadata only: geohash, duplicate groups, bursts, and flag
/// backfill. Phases that replace earlier results take a backup first.
/// </summary>
public sealed class CatalogPhases(CatalogRepository catalogs, CatalogPhaseRepository phases, CatalogBackups backups)
{
    public const int DuplicatesVersion = 1;
    public const int BurstsVersion = 1;
    private const int GeohashPrecision = 7;

    public async Task<CatalogJobResult> GeohashAsync(Guid catalogId, bool force, CancellationToken ct)
    {
        var version = ProcessingSteps.All[ProcessingSteps.Geohash];
        var pending = await phases.ReadGeohashPendingAsync(catalogId, version, force, ct);
        var hashes = pending
            .Select(p => p.Latitude is { } lat && p.Longitude is { } lon ? Geohash.Encode(lat, lon, GeohashPrecision) : null)
            .ToArray();
        await phases.SaveGeohashesAsync(pending.Select(p => p.Id).ToArray(), hashes, version, ct);
        var located = hashes.Count(h => h is not null);
        return new CatalogJobResult(
            $"geohashed {located:N0} images with GPS",
            new Dictionary<string, long> { ["geohashed"] = located, ["without_gps"] = pending.Count - located }, null);
    }

    public async Task<CatalogJobResult> DetectDuplicatesAsync(Guid catalogId, int threshold, CancellationToken ct)
    {
        var backup = await BackupIfReplacingAsync(catalogId, "duplicate_groups", "before-detect-duplicates", ct);
        var (readAt, candidates) = await phases.ReadDuplicateCandidatesAsync(catalogId, ct);
        var groups = DuplicateDetector.FindGroups(candidates, threshold);
        await phases.SaveDuplicateGroupsAsync(catalogId, groups, threshold, readAt, DuplicatesVersion, ct);
        var images = groups.Sum(g => g.Members.Count);
        return new CatalogJobResult(
            $"{groups.Count:N0} duplicate groups holding {images:N0} images (threshold {threshold} bits)",
            new Dictionary<string, long> { ["groups"] = groups.Count, ["images"] = images, ["exact_copies"] = groups.Sum(g => g.Members.Count(m => m.ExactCopy)) },
            backup);
    }

    public async Task<CatalogJobResult> DetectBurstsAsync(Guid catalogId, double gapSeconds, CancellationToken ct)
    {
        var backup = await BackupIfReplacingAsync(catalogId, "bursts", "before-detect-bursts", ct);
        var (readAt, candidates) = await phases.ReadBurstCandidatesAsync(catalogId, ct);
        var bursts = BurstDetector.FindBursts(candidates, new BurstOptions { MaxGap = TimeSpan.FromSeconds(gapSeconds) });
        await phases.SaveBurstsAsync(catalogId, bursts, candidates.ToDictionary(c => c.Id), gapSeconds, readAt, BurstsVersion, ct);
        var images = bursts.Sum(b => b.Members.Count);
        return new CatalogJobResult(
            $"{bursts.Count:N0} bursts holding {images:N0} images (gap up to {gapSeconds:0.###} s)",
            new Dictionary<string, long> { ["bursts"] = bursts.Count, ["images"] = images }, backup);
    }

    public async Task<CatalogJobResult> BackfillFlagsAsync(Guid catalogId, CancellationToken ct)
    {
        var added = await phases.BackfillFlagsAsync(catalogId, ProcessingSteps.All, ct);
        return new CatalogJobResult(
            added.Count == 0 ? "every image's flags already matched its data" : $"recorded {added.Values.Sum():N0} missing flags ({string.Join(", ", added.Select(a => $"{a.Key} {a.Value:N0}"))})",
            added, null);
    }

    private async Task<string?> BackupIfReplacingAsync(Guid catalogId, string table, string reason, CancellationToken ct)
    {
        if (!await phases.HasResultsAsync(catalogId, table, ct))
        {
            return null;
        }

        var catalog = await catalogs.GetAsync(catalogId.ToString(), ct);
        return (await backups.BackupAsync(catalog, reason, null, ct)).Path;
    }
}

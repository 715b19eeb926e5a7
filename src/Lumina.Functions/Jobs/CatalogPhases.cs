using Lumina.Core.Bursts;
using Lumina.Core.Duplicates;
using Lumina.Core.Geo;
using Lumina.Core.Pipeline;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Clip;
using Lumina.Ml.Search;
using Lumina.Ml.Tagging;
using Lumina.Storage.Catalog;
using Lumina.Functions.Text;

namespace Lumina.Functions.Jobs;

/// <summary>
/// The catalog-wide phases, on stored metadata only: geohash, duplicate groups, bursts, and flag
/// backfill. Phases that replace earlier results take a backup first; duplicate and burst detection do not
/// run (and so write no backup) when what they read did not change since their last run.
/// </summary>
public sealed class CatalogPhases(
    CatalogRepository catalogs, CatalogPhaseRepository phases, CatalogBackups backups, EmbeddingRepository embeddings, ClipService clip,
    EmbeddingIndexCache embeddingIndexes)
{
    public const int DuplicatesVersion = 2;
    public const int BurstsVersion = 2;
    private const int GeohashPrecision = 7;

    /// <summary>Images per geohash transaction: about a second of writing each on a 2-core machine, whatever the catalog's size.</summary>
    public const int GeohashChunk = 20_000;

    public Task<CatalogJobResult> GeohashAsync(Guid catalogId, bool force, CancellationToken ct) => GeohashAsync(catalogId, force, null, ct);

    /// <summary>Geohashes the images at <paramref name="paths"/> that need it (an upload's ingest does this for its image).</summary>
    public Task<CatalogJobResult> GeohashImagesAsync(Guid catalogId, IReadOnlyList<string> paths, CancellationToken ct) => GeohashAsync(catalogId, false, paths, ct);

    /// <summary>
    /// Reads, encodes and saves in chunks of <see cref="GeohashChunk"/> images, each saved in a transaction of its own
    /// while the next chunk is read.
    /// </summary>
    private async Task<CatalogJobResult> GeohashAsync(Guid catalogId, bool force, IReadOnlyList<string>? paths, CancellationToken ct)
    {
        var version = ProcessingSteps.All[ProcessingSteps.Geohash];
        long pending = 0, located = 0;
        var saving = Task.CompletedTask;
        try
        {
            var chunk = await phases.ReadGeohashPendingAsync(catalogId, version, force, paths, 0, GeohashChunk, ct);
            while (chunk.Count > 0)
            {
                var hashes = chunk
                    .Select(p => p.Latitude is { } lat && p.Longitude is { } lon ? Geohash.Encode(lat, lon, GeohashPrecision) : null)
                    .ToArray();
                await saving;
                saving = phases.SaveGeohashesAsync([.. chunk.Select(p => p.Id)], hashes, version, ct);
                pending += chunk.Count;
                located += hashes.Count(h => h is not null);
                chunk = chunk.Count < GeohashChunk ? [] : await phases.ReadGeohashPendingAsync(catalogId, version, force, paths, chunk[^1].Id, GeohashChunk, ct);
            }

            await saving;
        }
        catch when (!saving.IsCompleted)
        {
            // A read failed while a save was in flight: the save ends (or fails) before the phase does.
            await saving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        if (pending == 0)
        {
            return new CatalogJobResult("every image with GPS has its geohash", new Dictionary<string, long> { ["geohashed"] = 0, ["without_gps"] = 0 }, null, Ran: false);
        }

        return new CatalogJobResult(
            $"geohashed {Words.Count(located, "image")} with GPS",
            new Dictionary<string, long> { ["geohashed"] = located, ["without_gps"] = pending - located }, null);
    }

    /// <param name="embeddingSimilarity">When set, CLIP embeddings at least this similar (cosine) also make duplicates.</param>
    /// <param name="force">Detect even when nothing detection reads changed since it last ran.</param>
    public async Task<CatalogJobResult> DetectDuplicatesAsync(Guid catalogId, int threshold, double? embeddingSimilarity, bool force, CancellationToken ct)
    {
        object parameters = new { threshold, embedding_similarity = embeddingSimilarity };

        // A RAW+JPEG pair's companion is left out of the candidates, so every pair must be known first.
        await phases.PairRawFilesAsync(catalogId, ct);
        var extra = embeddingSimilarity is null ? "" : $"|embeddings {await embeddings.VersionAsync(catalogId, await clip.IdentityAsync(ct), ct)}";
        if (!force && await UnchangedAsync(catalogId, "duplicates", CatalogPhaseRepository.DuplicateCandidates, DuplicatesVersion, parameters, extra, "duplicate groups", ct) is { } unchanged)
        {
            return unchanged;
        }

        var backup = await BackupIfReplacingAsync(catalogId, "duplicate_groups", "before-detect-duplicates", ct);
        var (read, candidates) = await phases.ReadDuplicateCandidatesAsync(catalogId, ct);
        var linked = embeddingSimilarity is { } similarity ? await SimilarEmbeddingsAsync(catalogId, similarity, ct) : [];
        var groups = DuplicateDetector.FindGroups(candidates, threshold, linked);
        await phases.SaveDuplicateGroupsAsync(catalogId, groups, threshold, parameters, read.WithExtra(extra), DuplicatesVersion, ct);
        var images = groups.Sum(g => g.Members.Count);
        return new CatalogJobResult(
            $"{Words.Count(groups.Count, "duplicate group")} holding {Words.Count(images, "image")} (threshold {Words.Count(threshold, "bit")})",
            new Dictionary<string, long> { ["groups"] = groups.Count, ["images"] = images, ["exact_copies"] = groups.Sum(g => g.Members.Count(m => m.ExactCopy)) },
            backup);
    }

    /// <param name="force">Detect even when nothing detection reads changed since it last ran.</param>
    public async Task<CatalogJobResult> DetectBurstsAsync(Guid catalogId, double gapSeconds, bool force, CancellationToken ct)
    {
        object parameters = new { gap_seconds = gapSeconds };
        if (!force && await UnchangedAsync(catalogId, "bursts", CatalogPhaseRepository.BurstCandidates, BurstsVersion, parameters, "", "bursts", ct) is { } unchanged)
        {
            return unchanged;
        }

        var backup = await BackupIfReplacingAsync(catalogId, "bursts", "before-detect-bursts", ct);
        var (read, candidates) = await phases.ReadBurstCandidatesAsync(catalogId, ct);
        var bursts = BurstDetector.FindBursts(candidates, new BurstOptions { MaxGap = TimeSpan.FromSeconds(gapSeconds) });
        await phases.SaveBurstsAsync(catalogId, bursts, candidates.ToDictionary(c => c.Id), parameters, read, BurstsVersion, ct);
        var images = bursts.Sum(b => b.Members.Count);
        return new CatalogJobResult(
            $"{Words.Count(bursts.Count, "burst")} holding {Words.Count(images, "image")} (gap up to {gapSeconds:0.###} s)",
            new Dictionary<string, long> { ["bursts"] = bursts.Count, ["images"] = images }, backup);
    }

    /// <summary>Tags images from their CLIP embeddings (zero-shot over the vocabulary); manual tags stay as they are.</summary>
    public async Task<CatalogJobResult> AutoTagAsync(Guid catalogId, bool force, CancellationToken ct)
    {
        var version = ProcessingSteps.All[ProcessingSteps.Tags];
        var pending = await embeddings.ReadAsync(catalogId, await clip.IdentityAsync(ct), force, version, ct);
        var scores = TagScorer.Score([.. pending.Select(p => p.Vector)], await clip.ConceptsAsync(ct));
        var tags = pending.SelectMany((p, i) => scores[i].Select(t => new AutoTag(p.ImageId, t.Concept.Name, t.Confidence))).ToList();
        await embeddings.SaveAutoTagsAsync([.. pending.Select(p => p.ImageId)], tags, version, ct);
        return new CatalogJobResult(
            $"tagged {Words.Count(pending.Count, "image")} with {Words.Count(tags.Count, "tag")} ({pending.Count - scores.Count(s => s.Count > 0):N0} matched no concept)",
            new Dictionary<string, long> { ["images"] = pending.Count, ["tags"] = tags.Count }, null);
    }

    public async Task<CatalogJobResult> BackfillFlagsAsync(Guid catalogId, CancellationToken ct)
    {
        var added = await phases.BackfillFlagsAsync(catalogId, ProcessingSteps.All, ct);
        return new CatalogJobResult(
            added.Count == 0 ? "every image's flags already matched its data" : $"recorded {Words.Count(added.Values.Sum(), "missing flag")} ({string.Join(", ", added.Select(a => $"{a.Key} {a.Value:N0}"))})",
            added, null);
    }

    private async Task<IReadOnlyList<(long, long)>> SimilarEmbeddingsAsync(Guid catalogId, double similarity, CancellationToken ct)
    {
        var index = await embeddingIndexes.GetAsync(catalogId, ct);
        return [.. index.FindNearDuplicates((float)similarity, ct).Select(p => (p.First, p.Second))];
    }

    /// <summary>
    /// A result saying the phase did not run, when what it reads is what its last run at this version and with
    /// these parameters read (its results then stay, and are recorded as current); else null.
    /// </summary>
    private async Task<CatalogJobResult?> UnchangedAsync(
        Guid catalogId, string phase, string candidates, int version, object parameters, string extra, string what, CancellationToken ct) =>
        await phases.ConfirmIfUnchangedAsync(catalogId, phase, candidates, version, parameters, extra, ct) is { } last
            ? new CatalogJobResult(
                $"nothing {what} are made of changed since they were last detected ({last:yyyy-MM-dd HH:mm} UTC): not run (--force runs it)",
                new Dictionary<string, long>(), null, Ran: false)
            : null;

    private async Task<string?> BackupIfReplacingAsync(Guid catalogId, string table, string reason, CancellationToken ct)
    {
        if (!await phases.HasResultsAsync(catalogId, table, ct))
        {
            return null;
        }

        var catalog = await catalogs.GetAsync(catalogId.ToString(), ct);
        return (await backups.BackupAsync(catalog, reason, null, ct)).Location;
    }
}

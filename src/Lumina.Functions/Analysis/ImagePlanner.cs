using Lumina.Core.Pipeline;
using Lumina.Functions.Catalogs;
using Lumina.Imaging.Analysis;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Analysis;

/// <summary>
/// What a per-image job has to do: the originals to analyze, and what it skipped (unchanged, settled failures)
/// or found gone (marked removed at <see cref="RemovedAt"/>).
/// </summary>
public sealed record ImagePlan(IReadOnlyList<OriginalFile> ToAnalyze, int Found, int Unchanged, int Settled, int MarkedRemoved, DateTimeOffset? RemovedAt);

/// <summary>
/// Lists a catalog's originals, compares them with the catalog (file identity, errors and attempts, processing
/// flags at <paramref name="required"/> versions), marks vanished images removed and records the scan.
/// </summary>
public sealed class ImagePlanner(CatalogService catalogs, CatalogRepository catalogRows, ImageRepository images)
{
    public async Task<ImagePlan> PlanAsync(CatalogRecord catalog, IReadOnlyDictionary<string, int> required, bool redoAll, bool retryFailed, CancellationToken ct)
    {
        var files = await catalogs.Originals(catalog).ListAsync("", ct)
            .Where(b => ImageFormats.HasImageExtension(b.Name))
            .Select(b => new OriginalFile(b.Name, b.Size, b.LastModified, b.ETag))
            .ToListAsync(ct);
        var stored = await images.GetStatesAsync(catalog.Id, required, ct);
        var plan = IncrementalPlan.Build(files, stored, redoAll, retryFailed);
        var (removed, removedAt) = plan.Vanished.Count == 0 ? (0, (DateTimeOffset?)null) : await images.MarkVanishedAsync(catalog.Id, plan.Vanished, ct);
        await catalogRows.MarkScannedAsync(catalog.Id, ct);
        return new ImagePlan(plan.ToAnalyze, files.Count, plan.Unchanged, plan.Settled, removed, removedAt);
    }
}

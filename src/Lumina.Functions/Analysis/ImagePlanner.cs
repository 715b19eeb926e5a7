using Lumina.Core.Pipeline;
using Lumina.Functions.Catalogs;
using Lumina.Imaging.Analysis;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Analysis;

/// <summary>What a per-image job has to do: the originals to analyze, and what it skipped or found gone.</summary>
public sealed record ImagePlan(IReadOnlyList<OriginalFile> ToAnalyze, int Found, int Unchanged, int MarkedRemoved);

/// <summary>
/// Lists a catalog's originals, compares them with the catalog (file identity, errors, processing flags
/// at <paramref name="required"/> versions) and marks vanished images removed.
/// </summary>
public sealed class ImagePlanner(CatalogService catalogs, ImageRepository images)
{
    public async Task<ImagePlan> PlanAsync(CatalogRecord catalog, IReadOnlyDictionary<string, int> required, bool redoAll, CancellationToken ct)
    {
        var files = await catalogs.Originals(catalog).ListAsync("", ct)
            .Where(b => ImageFormats.HasImageExtension(b.Name))
            .Select(b => new OriginalFile(b.Name, b.Size, b.LastModified, b.ETag))
            .ToListAsync(ct);
        var stored = await images.GetStatesAsync(catalog.Id, required, ct);
        var plan = IncrementalPlan.Build(files, stored, redoAll);
        var removed = plan.Vanished.Count == 0 ? 0 : await images.MarkRemovedAsync(catalog.Id, plan.Vanished, ct);
        return new ImagePlan(plan.ToAnalyze, files.Count, plan.Unchanged, removed);
    }
}

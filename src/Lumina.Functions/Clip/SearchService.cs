using Lumina.Ml.Search;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Clip;

/// <summary>One search hit: the image, its similarity to the query, and its derived files.</summary>
public sealed record SearchResult(long ImageId, string Path, double Score, string? Thumbnail, string? Preview);

/// <summary>
/// Semantic search over a catalog's CLIP embeddings: by text (encoded with the model's text encoder) or
/// by example image, over the catalog's <see cref="EmbeddingIndexCache"/> entry (a byte scan re-ranked on the
/// floats; reloaded when the stored embeddings change).
/// </summary>
public sealed class SearchService(ClipService clip, EmbeddingIndexCache indexes, ImageRepository images)
{
    public async Task<IReadOnlyList<SearchResult>> SearchTextAsync(CatalogRecord catalog, string text, int top, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CatalogException("the search text is empty");
        }

        var model = await clip.ModelAsync(ct);
        var query = model.Texts.Encode([text], ct)[0];
        var index = await indexes.GetAsync(catalog.Id, ct);
        return await DescribeAsync(catalog, index.Search(query, top, ct), ct);
    }

    /// <summary>The images most like one of the catalog's images (given by id or path), leaving that image out.</summary>
    public async Task<IReadOnlyList<SearchResult>> SimilarAsync(CatalogRecord catalog, string imageIdOrPath, int top, CancellationToken ct)
    {
        var id = long.TryParse(imageIdOrPath, out var number) ? number : await images.FindIdAsync(catalog.Id, imageIdOrPath, ct)
            ?? throw new CatalogException($"no image '{imageIdOrPath}' in catalog '{catalog.Name}'");
        var index = await indexes.GetAsync(catalog.Id, ct);
        return index.TrySearchSimilar(id, top, out var hits, ct)
            ? await DescribeAsync(catalog, hits, ct)
            : throw new CatalogException($"image {imageIdOrPath} of catalog '{catalog.Name}' has no CLIP embedding yet: run `./lumina run-job clip {catalog.Name} --wait`");
    }

    private async Task<IReadOnlyList<SearchResult>> DescribeAsync(CatalogRecord catalog, IReadOnlyList<SearchHit> hits, CancellationToken ct)
    {
        var found = await images.DescribeAsync(catalog.Id, [.. hits.Select(h => h.ImageId)], ct);
        return [.. hits.Where(h => found.ContainsKey(h.ImageId))
            .Select(h => new SearchResult(h.ImageId, found[h.ImageId].Path, Math.Round(h.Score, 4), found[h.ImageId].Thumbnail, found[h.ImageId].Preview))];
    }
}

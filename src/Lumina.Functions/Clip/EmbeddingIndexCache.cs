using System.Collections.Concurrent;
using Lumina.Ml.Search;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Clip;

/// <summary>
/// Each catalog's CLIP embeddings (by the configured model) as an <see cref="EmbeddingIndex"/>, shared by search and
/// duplicate detection: streamed from the database on first use, and again once the stored embeddings' version
/// (their count and newest time) has changed. One load per catalog runs at a time; the others wait for it. Memory:
/// <see cref="EmbeddingIndex.BytesPerEmbedding"/> per embedding of each catalog held (2.6 GB per million at 512
/// dimensions) for the life of the process.
/// </summary>
public sealed class EmbeddingIndexCache(ClipService clip, EmbeddingRepository embeddings)
{
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _loads = new();

    public async Task<EmbeddingIndex> GetAsync(Guid catalogId, CancellationToken ct)
    {
        var model = await clip.ModelAsync(ct);
        var identity = model.Images.Identity.ToString();
        var version = await embeddings.VersionAsync(catalogId, identity, ct);
        if (Current(catalogId, identity, version) is { } cached)
        {
            return cached;
        }

        var gate = _loads.GetOrAdd(catalogId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (Current(catalogId, identity, version) is { } loaded)
            {
                return loaded;
            }

            // Dropped first, so that the stale copy can be collected while the new one fills.
            _entries.TryRemove(catalogId, out _);
            var index = new EmbeddingIndex(model.Images.EmbeddingDimension);
            await embeddings.ReadEachAsync(catalogId, identity, (id, vector) => index.Upsert(id, vector), ct);
            _entries[catalogId] = new Entry(identity, version, index);
            return index;
        }
        finally
        {
            gate.Release();
        }
    }

    private EmbeddingIndex? Current(Guid catalogId, string model, string version) =>
        _entries.TryGetValue(catalogId, out var entry) && entry.Model == model && entry.Version == version ? entry.Index : null;

    private sealed record Entry(string Model, string Version, EmbeddingIndex Index);
}

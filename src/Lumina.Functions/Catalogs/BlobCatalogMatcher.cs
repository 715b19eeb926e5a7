using Lumina.Storage.Catalog;

namespace Lumina.Functions.Catalogs;

/// <summary>Which blob catalogs hold a blob, and under which name, from its URL or its container and path.</summary>
public sealed class BlobCatalogMatcher(CatalogService catalogs)
{
    /// <summary>Catalogs whose originals' container (and prefix) hold the blob at <paramref name="url"/>.</summary>
    public async Task<IReadOnlyList<(CatalogRecord Catalog, string Name)>> ByUrlAsync(Uri url, CancellationToken ct)
    {
        var path = Uri.UnescapeDataString(url.AbsolutePath);
        return await MatchAsync(store => new Uri(store.Container.Url).AbsolutePath.TrimEnd('/') + "/", path, ct);
    }

    /// <summary>Catalogs whose originals are in <paramref name="container"/> and whose prefix <paramref name="blobPath"/> starts with.</summary>
    public Task<IReadOnlyList<(CatalogRecord Catalog, string Name)>> ByContainerAsync(string container, string blobPath, CancellationToken ct) =>
        MatchAsync(store => store.Container.Name + "/", $"{container}/{blobPath}", ct);

    private async Task<IReadOnlyList<(CatalogRecord, string)>> MatchAsync(
        Func<Storage.Blobs.Azure.AzureBlobStore, string> containerPath, string path, CancellationToken ct)
    {
        var found = new List<(CatalogRecord, string)>();
        foreach (var catalog in (await catalogs.ListAsync(ct)).Where(c => c.SourceKind == SourceKind.Blob))
        {
            var store = catalogs.BlobOriginals(catalog);
            var root = containerPath(store) + store.Prefix;
            if (path.StartsWith(root, StringComparison.Ordinal) && path.Length > root.Length)
            {
                found.Add((catalog, path[root.Length..]));
            }
        }

        return found;
    }
}

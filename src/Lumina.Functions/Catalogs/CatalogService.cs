using Lumina.Functions.Configuration;
using Lumina.Storage.Blobs;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Catalogs;

/// <summary>Finds and creates catalogs and opens the stores behind them.</summary>
public sealed class CatalogService(CatalogRepository catalogs, LuminaSettings settings)
{
    public Task<CatalogRecord> GetAsync(string nameOrId, CancellationToken ct) => catalogs.GetAsync(nameOrId, ct);

    public Task<IReadOnlyList<CatalogRecord>> ListAsync(CancellationToken ct) => catalogs.ListAsync(ct);

    /// <summary>
    /// The catalog for a local folder: <paramref name="name"/> (default: the folder's name), created on
    /// first use with its thumbnails and previews under LUMINA_HOME.
    /// </summary>
    public async Task<CatalogRecord> EnsureFolderCatalogAsync(string folder, string? name, CancellationToken ct)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new CatalogException($"the folder {root} does not exist");
        }

        name ??= Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)) is { Length: > 0 } folderName ? folderName : "root";
        if (await catalogs.FindAsync(name, ct) is { } existing)
        {
            return existing.SourceKind == SourceKind.Folder && existing.Source == root
                ? existing
                : throw new CatalogException(
                    $"the catalog '{name}' already holds {existing.SourceKind.ToString().ToLowerInvariant()} {existing.Source}: choose another name with --catalog");
        }

        var id = Guid.CreateVersion7();
        return await catalogs.CreateAsync(id, name, SourceKind.Folder, root, Path.Combine(settings.Home, "derived", id.ToString()), ct);
    }

    /// <summary>Where the catalog's originals are read from.</summary>
    public IBlobStore Originals(CatalogRecord catalog) => catalog.SourceKind switch
    {
        SourceKind.Folder => new LocalFolderBlobStore(catalog.Source),
        _ => throw new CatalogException($"catalog '{catalog.Name}': {catalog.SourceKind} sources are not supported yet"),
    };

    /// <summary>Where the catalog's thumbnails and previews are written.</summary>
    public IBlobStore Derived(CatalogRecord catalog) => catalog.SourceKind switch
    {
        SourceKind.Folder => new LocalFolderBlobStore(catalog.Derived),
        _ => throw new CatalogException($"catalog '{catalog.Name}': {catalog.SourceKind} sources are not supported yet"),
    };
}

using Lumina.Functions.Configuration;
using Lumina.Storage.Blobs;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Microsoft.Extensions.Configuration;

namespace Lumina.Functions.Catalogs;

/// <summary>Finds and creates catalogs and opens the stores behind them.</summary>
public sealed class CatalogService(CatalogRepository catalogs, LuminaSettings settings, IConfiguration configuration)
{
    public Task<CatalogRecord> GetAsync(string nameOrId, CancellationToken ct) => catalogs.GetAsync(nameOrId, ct);

    public Task<IReadOnlyList<CatalogRecord>> ListAsync(CancellationToken ct) => catalogs.ListAsync(ct);

    /// <summary>The folder catalog when <paramref name="folderOrCatalog"/> is a folder, else the named catalog.</summary>
    public Task<CatalogRecord> ResolveAsync(string folderOrCatalog, string? name, CancellationToken ct) =>
        Directory.Exists(folderOrCatalog) ? EnsureFolderCatalogAsync(folderOrCatalog, name, ct) : catalogs.GetAsync(folderOrCatalog, ct);

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

    /// <summary>
    /// A catalog of originals in a blob container. Its thumbnails and previews go to
    /// <paramref name="derivedContainer"/> (default: the originals' container name plus "-derived") under the
    /// catalog's id, never beside the originals. Checks that the originals' container can be listed and
    /// creates the derived container when it is missing.
    /// </summary>
    public async Task<CatalogRecord> CreateBlobCatalogAsync(string name, BlobLocation originals, string? derivedContainer, CancellationToken ct)
    {
        if (await catalogs.FindAsync(name, ct) is not null)
        {
            throw new CatalogException($"a catalog named '{name}' already exists");
        }

        var id = Guid.CreateVersion7();
        var derived = new BlobLocation(originals.Connection, derivedContainer ?? $"{originals.Container}-derived", $"{id}/");
        if (derived.Container == originals.Container)
        {
            throw new CatalogException("thumbnails and previews never go beside the originals: choose a derived container other than the originals' one");
        }

        var source = Open(originals);
        await source.ListAsync("", ct).Take(1).ToListAsync(ct);
        await Open(derived).Container.CreateIfNotExistsAsync(ct);
        return await catalogs.CreateAsync(id, name, SourceKind.Blob, originals.ToJson(), derived.ToJson(), ct);
    }

    /// <summary>A new local folder catalog under an explicit name.</summary>
    public async Task<CatalogRecord> CreateFolderCatalogAsync(string name, string folder, CancellationToken ct) =>
        await catalogs.FindAsync(name, ct) is null
            ? await EnsureFolderCatalogAsync(folder, name, ct)
            : throw new CatalogException($"a catalog named '{name}' already exists");

    /// <summary>Where the catalog's originals are read from; <paramref name="options"/> set how a blob container's requests are timed out and retried.</summary>
    public IBlobStore Originals(CatalogRecord catalog, AzureBlobOptions? options = null) => catalog.SourceKind switch
    {
        SourceKind.Folder => new LocalFolderBlobStore(catalog.Source),
        _ => Open(BlobLocation.FromJson(catalog.Source), options),
    };

    /// <summary>Where the catalog's thumbnails and previews are written.</summary>
    public IBlobStore Derived(CatalogRecord catalog) => catalog.SourceKind switch
    {
        SourceKind.Folder => new LocalFolderBlobStore(catalog.Derived),
        _ => Open(BlobLocation.FromJson(catalog.Derived)),
    };

    /// <summary>The catalog's originals as a blob container (import uploads there).</summary>
    public AzureBlobStore BlobOriginals(CatalogRecord catalog) => catalog.SourceKind == SourceKind.Blob
        ? Open(BlobLocation.FromJson(catalog.Source))
        : throw new CatalogException($"catalog '{catalog.Name}' reads the folder {catalog.Source}; import uploads into catalogs on blob storage");

    /// <summary>Where a catalog's originals are, for people (secrets masked).</summary>
    public static string DescribeSource(CatalogRecord catalog) =>
        catalog.SourceKind == SourceKind.Folder ? $"folder {catalog.Source}" : $"blob {BlobLocation.FromJson(catalog.Source).Describe()}";

    private AzureBlobStore Open(BlobLocation location, AzureBlobOptions? options = null)
    {
        // A connection that names a setting (as Functions bindings do) is looked up; anything else is used as given.
        var connection = configuration[location.Connection] is { Length: > 0 } setting ? setting : location.Connection;
        if (connection == location.Connection && IsSettingName(connection))
        {
            throw new CatalogException(
                $"setting {connection} is not set: set it to a storage connection string or SAS URL, or give the connection itself for container '{location.Container}'");
        }

        try
        {
            return AzureBlobStore.Create(connection, location.Container, location.Prefix, options);
        }
        catch (FormatException e)
        {
            throw new CatalogException($"bad blob connection for container '{location.Container}': {e.Message}");
        }
        catch (ArgumentException e)
        {
            // The container name or a SAS URL's container is wrong; the message names the rule, without .NET's "(Parameter 'x')".
            throw new CatalogException(e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal));
        }
    }

    /// <summary>A connection string has key=value pairs and a SAS URL a scheme: anything else can only be a setting's name.</summary>
    private static bool IsSettingName(string connection) =>
        !connection.Contains('=', StringComparison.Ordinal) && !connection.Contains("://", StringComparison.Ordinal);
}

using Lumina.Functions.Configuration;
using Lumina.Storage.Blobs;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Lumina.Storage.Paths;
using Microsoft.Extensions.Configuration;

namespace Lumina.Functions.Catalogs;

/// <summary>Finds and creates catalogs and opens the stores behind them.</summary>
public sealed class CatalogService(CatalogRepository catalogs, LuminaSettings settings, IConfiguration configuration)
{
    public Task<CatalogRecord> GetAsync(string nameOrId, CancellationToken ct) => catalogs.GetAsync(nameOrId, ct);

    public Task<IReadOnlyList<CatalogRecord>> ListAsync(CancellationToken ct) => catalogs.ListAsync(ct);

    /// <summary>
    /// The folder catalog when <paramref name="folderOrCatalog"/> is a folder (absolute or relative, with or without a
    /// trailing slash), else the named catalog; "no such folder" when it is neither.
    /// </summary>
    public async Task<CatalogRecord> ResolveAsync(string folderOrCatalog, string? name, CancellationToken ct)
    {
        if (Directory.Exists(folderOrCatalog))
        {
            return await EnsureFolderCatalogAsync(folderOrCatalog, name, ct);
        }

        if (await catalogs.FindAsync(folderOrCatalog, ct) is { } catalog)
        {
            return catalog;
        }

        var path = FolderPath(folderOrCatalog);
        if (File.Exists(path))
        {
            throw new CatalogException($"{path} is a file, not a folder: give the folder that holds the photos");
        }

        if (CatalogNames.Problem(folderOrCatalog) is not null)
        {
            throw new CatalogException($"no such folder: {path}", CatalogFault.NotFound);
        }

        try
        {
            return await catalogs.GetAsync(folderOrCatalog, ct);
        }
        catch (CatalogException e) when (e.Fault == CatalogFault.NotFound)
        {
            throw new CatalogException($"no such folder: {path}, and {e.Message}", CatalogFault.NotFound);
        }
    }

    /// <summary>
    /// The catalog for a local folder: <paramref name="name"/>, or by default the catalog that already reads the
    /// folder (whatever its name, so catalogs named before names were checked keep working), else one named after
    /// the folder (<see cref="CatalogNames.FromFolder"/>). Created on first use with its thumbnails and previews
    /// under LUMINA_HOME.
    /// </summary>
    public async Task<CatalogRecord> EnsureFolderCatalogAsync(string folder, string? name, CancellationToken ct)
    {
        var root = FolderPath(folder);
        if (!Directory.Exists(root))
        {
            throw new CatalogException($"no such folder: {root}");
        }

        if (name is null)
        {
            var folderName = Path.GetFileName(root) is { Length: > 0 } n ? n : "root";
            name = CatalogNames.FromFolder(folderName);
            var reading = (await catalogs.ListAsync(ct)).Where(c => c.SourceKind == SourceKind.Folder && FolderPath(c.Source) == root).ToList();
            var chosen = reading.FirstOrDefault(c => c.Name == name) ?? reading.FirstOrDefault(c => c.Name == folderName) ?? (reading.Count == 1 ? reading[0] : null);
            if (chosen is not null)
            {
                return chosen;
            }

            if (reading.Count > 1)
            {
                throw new CatalogException(
                    $"catalogs {string.Join(", ", reading.Select(c => $"'{c.Name}'"))} all read {root}: choose one with --catalog", CatalogFault.Conflict);
            }
        }

        if (await catalogs.FindAsync(name, ct) is { } existing)
        {
            return existing.SourceKind == SourceKind.Folder && FolderPath(existing.Source) == root
                ? existing
                : throw new CatalogException(
                    $"the catalog '{name}' already holds {existing.SourceKind.ToString().ToLowerInvariant()} {existing.Source}: choose another name with --catalog",
                    CatalogFault.Conflict);
        }

        var id = Guid.CreateVersion7();
        return await catalogs.CreateAsync(id, name, SourceKind.Folder, root, DerivedFolder(id), ct);
    }

    /// <summary>A folder as catalogs record it: absolute, without a trailing separator (so <c>photos/</c> and <c>./photos</c> are one folder).</summary>
    private static string FolderPath(string folder) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));

    /// <summary>Where a folder catalog's thumbnails and previews go: <c>$LUMINA_HOME/derived/&lt;id&gt;</c>.</summary>
    public string DerivedFolder(Guid catalogId) => ContainedPath.Under(DerivedRoot, catalogId.ToString());

    /// <summary>The folder that holds every folder catalog's derived folder.</summary>
    public string DerivedRoot => Path.Combine(settings.Home, "derived");

    /// <summary>
    /// A catalog of originals in a blob container. Its thumbnails and previews go to
    /// <paramref name="derivedContainer"/> (default: the originals' container name plus "-derived") under the
    /// catalog's id, never beside the originals. Checks that the originals' container can be listed and
    /// creates the derived container when it is missing.
    /// </summary>
    public async Task<CatalogRecord> CreateBlobCatalogAsync(string name, BlobLocation originals, string? derivedContainer, CancellationToken ct)
    {
        if (CatalogNames.Problem(name) is { } problem)
        {
            throw new CatalogException(problem);
        }

        if (await catalogs.FindAsync(name, ct) is not null)
        {
            throw new CatalogException($"a catalog named '{name}' already exists", CatalogFault.Conflict);
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
            : throw new CatalogException($"a catalog named '{name}' already exists", CatalogFault.Conflict);

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
        // A connection that names a setting (as Functions bindings do) is looked up, as a connection string or an
        // identity-based connection (an account URL, signed in with DefaultAzureCredential); anything else is used as given.
        var connection = configuration[location.Connection] is { Length: > 0 } setting ? setting
            : Configuration.IdentityConnections.BlobServiceUri(configuration, location.Connection) ?? location.Connection;
        if (connection == location.Connection && IsSettingName(connection))
        {
            throw new CatalogException(
                $"setting {connection} is not set: set it to a storage connection string or SAS URL, or {connection}__blobServiceUri "
                + $"(or {connection}__accountName) to sign in with an Azure identity, or give the connection itself for container '{location.Container}'");
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

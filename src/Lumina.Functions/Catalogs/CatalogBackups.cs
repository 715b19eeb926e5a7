using Lumina.Functions.Configuration;
using Lumina.Storage.Catalog;
using Lumina.Storage.Catalog.Backups;
using Lumina.Storage.Paths;

namespace Lumina.Functions.Catalogs;

/// <summary>A backup that was written, where, and for blob catalogs where its lasting copy is.</summary>
public sealed record BackupFile(string Path, BackupManifest Manifest, string? Copy = null)
{
    /// <summary>The place to tell people about: the lasting copy when there is one.</summary>
    public string Location => Copy ?? Path;
}

/// <summary>
/// Backups of catalog metadata under <c>$LUMINA_HOME/backups/&lt;catalog&gt;/</c>. Every destructive
/// operation (regrouping duplicates or bursts, forced recomputes, restores) takes one first. A blob
/// catalog's backups are also copied to its derived store under <c>backups/</c>, because a serverless
/// instance's disk does not outlive the instance; the operation does not go ahead without that copy.
/// </summary>
public sealed class CatalogBackups(CatalogBackup backup, CatalogRepository catalogs, CatalogService stores, LuminaSettings settings)
{
    public const string BlobFolder = "backups/";

    /// <summary>
    /// <c>$LUMINA_HOME/backups/&lt;name&gt;</c>, or <c>.../&lt;id&gt;</c> for a catalog named before names were checked
    /// whose name is not a valid one (it could be a path).
    /// </summary>
    public string FolderOf(CatalogRecord catalog) =>
        ContainedPath.Under(System.IO.Path.Combine(settings.Home, "backups"), CatalogNames.IsValid(catalog.Name) ? catalog.Name : catalog.Id.ToString());

    public async Task<BackupFile> BackupAsync(CatalogRecord catalog, string reason, string? path, CancellationToken ct)
    {
        path ??= ContainedPath.Under(FolderOf(catalog), $"{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}-{reason}.zip");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var temporary = path + ".partial";
        BackupManifest manifest;
        await using (var file = File.Create(temporary))
        {
            manifest = await backup.WriteAsync(catalog, file, ct);
        }

        File.Move(temporary, path, overwrite: true);
        if (catalog.SourceKind != SourceKind.Blob)
        {
            return new BackupFile(path, manifest);
        }

        var derived = stores.Derived(catalog);
        var name = BlobFolder + System.IO.Path.GetFileName(path);
        await using (var file = File.OpenRead(path))
        {
            await derived.PutAsync(name, file, "application/zip", ct);
        }

        return new BackupFile(path, manifest, $"{derived.Location}/{name}");
    }

    /// <summary>
    /// Restores <paramref name="path"/> into the catalog it was taken from, which must be the one named;
    /// the catalog's current metadata is backed up first. Returns that safety backup (null for a catalog that was gone).
    /// </summary>
    public async Task<BackupFile?> RestoreAsync(string catalogNameOrId, string path, CancellationToken ct)
    {
        if (CatalogNames.Problem(catalogNameOrId) is { } name && await catalogs.FindAsync(catalogNameOrId, ct) is null)
        {
            throw new CatalogException(name);
        }

        if (!File.Exists(path))
        {
            throw new CatalogException($"no backup file {path}");
        }

        BackupManifest manifest;
        await using (var file = File.OpenRead(path))
        {
            manifest = await CatalogBackup.ReadManifestAsync(file, ct);
        }

        if (catalogNameOrId != manifest.Catalog.Name && catalogNameOrId != manifest.Catalog.Id.ToString())
        {
            throw new CatalogException($"{path} is a backup of catalog '{manifest.Catalog.Name}', not '{catalogNameOrId}'");
        }

        var existing = await catalogs.FindAsync(manifest.Catalog.Id.ToString(), ct);
        if (Unrestorable(manifest.Catalog, existing) is { } problem)
        {
            throw new CatalogException($"{path} cannot be restored: {problem}");
        }

        var safety = existing is null ? null : await BackupAsync(existing, "before-restore", null, ct);
        await using (var file = File.OpenRead(path))
        {
            await backup.RestoreAsync(file, ct);
        }

        return safety;
    }

    /// <summary>
    /// What makes a backup's catalog row unsafe to restore: a name that could be a path, or derived files
    /// that would go elsewhere than the catalog's own place (unless the catalog already has them there).
    /// </summary>
    private string? Unrestorable(CatalogRecord restored, CatalogRecord? existing)
    {
        if (restored.Name != existing?.Name && CatalogNames.Problem(restored.Name) is { } name)
        {
            return name;
        }

        if (restored.Derived == existing?.Derived)
        {
            return null;
        }

        return restored.SourceKind == SourceKind.Folder
            ? ContainedPath.IsInside(stores.DerivedRoot, restored.Derived) ? null : $"its derived folder {restored.Derived} is not under {stores.DerivedRoot}"
            : BlobLocation.FromJson(restored.Derived).Prefix == $"{restored.Id}/" ? null : $"its derived files would not be under the prefix {restored.Id}/";
    }
}

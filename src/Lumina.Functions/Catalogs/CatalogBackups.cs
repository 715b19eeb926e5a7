using System.Globalization;
using System.Text.RegularExpressions;
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

/// <summary>One backup of a catalog: its file name, when it was taken (UTC) and why, its size, its file and its blob copy.</summary>
public sealed record BackupEntry(string Name, DateTime CreatedAt, string Reason, long Size, string? Path, string? Copy);

/// <summary>
/// Backups of catalog metadata under <c>$LUMINA_HOME/backups/&lt;catalog&gt;/</c>. Every destructive
/// operation (regrouping duplicates or bursts, forced recomputes, restores, purges) takes one first. A blob
/// catalog's backups are also copied to its derived store under <c>backups/</c>, because a serverless
/// instance's disk does not outlive the instance; the operation does not go ahead without that copy.
/// After each new backup the catalog's backups (files and copies alike) are pruned by LUMINA_BACKUP_KEEP.
/// </summary>
public sealed partial class CatalogBackups(CatalogBackup backup, CatalogRepository catalogs, CatalogService stores, LuminaSettings settings)
{
    public const string BlobFolder = "backups/";
    private const string TimeFormat = "yyyyMMdd-HHmmss-fff";

    /// <summary>
    /// <c>$LUMINA_HOME/backups/&lt;name&gt;</c>, or <c>.../&lt;id&gt;</c> for a catalog named before names were checked
    /// whose name is not a valid one (it could be a path).
    /// </summary>
    public string FolderOf(CatalogRecord catalog) =>
        ContainedPath.Under(System.IO.Path.Combine(settings.Home, "backups"), CatalogNames.IsValid(catalog.Name) ? catalog.Name : catalog.Id.ToString());

    public async Task<BackupFile> BackupAsync(CatalogRecord catalog, string reason, string? path, CancellationToken ct)
    {
        var file = await WriteAsync(catalog, path ?? NewPath(catalog, reason), ct);
        await PruneAsync(catalog, [System.IO.Path.GetFileName(file.Path)], ct);
        return file;
    }

    /// <summary>The catalog's backups in its backups folder and (blob catalogs) its derived container, newest first.</summary>
    public async Task<IReadOnlyList<BackupEntry>> ListAsync(CatalogRecord catalog, CancellationToken ct)
    {
        var found = new Dictionary<string, BackupEntry>(StringComparer.Ordinal);
        var folder = FolderOf(catalog);
        foreach (var file in Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*.zip") : [])
        {
            if (Parse(file.Name) is var (created, reason))
            {
                found[file.Name] = new BackupEntry(file.Name, created, reason, file.Length, file.FullName, null);
            }
        }

        if (catalog.SourceKind == SourceKind.Blob)
        {
            var derived = stores.Derived(catalog);
            await foreach (var blob in derived.ListAsync(BlobFolder, ct))
            {
                var name = blob.Name[BlobFolder.Length..];
                if (Parse(name) is var (created, reason))
                {
                    var copy = $"{derived.Location}/{blob.Name}";
                    found[name] = found.TryGetValue(name, out var local) ? local with { Copy = copy } : new BackupEntry(name, created, reason, blob.Size, null, copy);
                }
            }
        }

        return [.. found.Values.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Deletes the catalog's backups (file and blob copy) that LUMINA_BACKUP_KEEP does not keep, never those
    /// named in <paramref name="keep"/> (one just written, one being restored); returns the ones deleted, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<BackupEntry>> PruneAsync(CatalogRecord catalog, IReadOnlyCollection<string> keep, CancellationToken ct)
    {
        var backups = (await ListAsync(catalog, ct)).ToDictionary(b => b.Name, StringComparer.Ordinal);
        var pruned = settings.BackupKeep.Prunable(backups.Values.Select(b => (b.Name, b.CreatedAt)), DateTime.UtcNow)
            .Where(name => !keep.Contains(name)).Select(name => backups[name]).ToList();
        foreach (var entry in pruned)
        {
            if (entry.Path is { } path)
            {
                File.Delete(path);
            }

            if (entry.Copy is not null)
            {
                await stores.Derived(catalog).DeleteAsync(BlobFolder + entry.Name, ct);
            }
        }

        return pruned;
    }

    private string NewPath(CatalogRecord catalog, string reason) =>
        ContainedPath.Under(FolderOf(catalog), $"{DateTime.UtcNow.ToString(TimeFormat, CultureInfo.InvariantCulture)}-{reason}.zip");

    /// <summary>When a backup named as Lumina names them was taken, and why; null for any other file.</summary>
    private static (DateTime Created, string Reason)? Parse(string name) =>
        BackupName().Match(name) is { Success: true } match
        && DateTime.TryParseExact(match.Groups[1].Value, TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var created)
            ? (created, match.Groups[2].Value)
            : null;

    [GeneratedRegex(@"^(\d{8}-\d{6}-\d{3})-([A-Za-z0-9-]+)\.zip$")]
    private static partial Regex BackupName();

    private async Task<BackupFile> WriteAsync(CatalogRecord catalog, string path, CancellationToken ct)
    {
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

        // Pruned only once the restore is done: the file restored may be one the policy would prune.
        var safety = existing is null ? null : await WriteAsync(existing, NewPath(existing, "before-restore"), ct);
        await using (var file = File.OpenRead(path))
        {
            await backup.RestoreAsync(file, ct);
        }

        if (existing is not null)
        {
            await PruneAsync(existing, [System.IO.Path.GetFileName(safety!.Path), System.IO.Path.GetFileName(path)], ct);
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

using Lumina.Functions.Catalogs;
using Lumina.Functions.Export;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Tests;

public sealed class CatalogBackupsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARestoreBacksUpTheCurrentStateFirstAndBringsBackTheExport()
    {
        using var folder = new PhotoFolder().WithMixedContent();
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "kept", Ct);
        await host.AnalyzeAsync(catalog);
        var original = await ExportAsync(host, catalog.Id);
        var backups = host.Get<CatalogBackups>();
        var saved = await backups.BackupAsync(catalog, "manual", null, Ct);
        Assert.StartsWith(Path.Combine(host.Settings.Home, "backups", "kept"), saved.Path);

        await host.Database.ScalarAsync<int>("UPDATE lumina.images SET make = 'overwritten'");
        var safety = await backups.RestoreAsync("kept", saved.Path, Ct);

        Assert.Equal(original, await ExportAsync(host, catalog.Id));
        Assert.NotNull(safety);
        Assert.EndsWith("-before-restore.zip", safety.Path);
        Assert.True(File.Exists(safety.Path));
    }

    [Fact]
    public async Task ABackupCannotBeRestoredIntoAnotherCatalogOrFromAMissingFile()
    {
        using var folder = new PhotoFolder();
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "mine", Ct);
        var backups = host.Get<CatalogBackups>();
        var saved = await backups.BackupAsync(catalog, "manual", null, Ct);

        var wrong = await Assert.ThrowsAsync<CatalogException>(() => backups.RestoreAsync("theirs", saved.Path, Ct));
        Assert.Equal($"{saved.Path} is a backup of catalog 'mine', not 'theirs'", wrong.Message);
        var missing = await Assert.ThrowsAsync<CatalogException>(() => backups.RestoreAsync("mine", "/no/such.zip", Ct));
        Assert.Equal("no backup file /no/such.zip", missing.Message);
    }

    private static async Task<string> ExportAsync(LuminaTestHost host, Guid catalogId)
    {
        using var output = new MemoryStream();
        await host.Get<CatalogExporter>().WriteAsync(catalogId, ExportFormat.Jsonl, output, Ct);
        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }
}

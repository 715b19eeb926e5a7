using Lumina.Functions.Catalogs;
using Lumina.Functions.Import;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary>Catalogs whose originals live in blob storage, against real Azurite.</summary>
public sealed class BlobCatalogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ImportUploadsOnceAndAnalyzeWritesDerivedFilesToTheirOwnContainer()
    {
        using var folder = new PhotoFolder().WithMixedContent();
        var connection = await TestAzurite.ConnectionStringAsync();
        var container = TestAzurite.UniqueContainerName("originals");
        await AzureBlobStore.Create(connection, container).Container.CreateIfNotExistsAsync(Ct);
        await using var host = await LuminaTestHost.StartAsync(configuration: new Dictionary<string, string?> { ["PhotoStorage"] = connection });
        var catalogs = host.Get<CatalogService>();

        var catalog = await catalogs.CreateBlobCatalogAsync("cloud", new BlobLocation("PhotoStorage", container, "camera/"), null, Ct);
        Assert.DoesNotContain("AccountKey", catalog.Source);

        var import = host.Get<ImportRun>();
        var first = await import.RunAsync(catalog, folder.Root, 4, null, Ct);
        Assert.Equal((7, 7, 0, 0), (first.Found, first.Uploaded, first.Skipped, first.Failed));
        TestImages.SaveScene(folder.PathOf("added.jpg"), 200, 150, 11);
        var second = await import.RunAsync(catalog, folder.Root, 4, null, Ct);
        Assert.Equal((8, 1, 7), (second.Found, second.Uploaded, second.Skipped));

        var summary = await host.AnalyzeAsync(catalog);
        Assert.Equal((8, 5, 3), (summary.Found, summary.Analyzed, summary.Failed));

        var originals = await AzureBlobStore.Create(connection, container).ListAsync("", Ct).Select(b => b.Name).ToListAsync(Ct);
        Assert.All(originals, name => Assert.StartsWith("camera/", name));
        Assert.Equal(8, originals.Count);
        var derived = await AzureBlobStore.Create(connection, container + "-derived").ListAsync($"{catalog.Id}/", Ct).ToListAsync(Ct);
        Assert.Equal(10, derived.Count);
        Assert.Equal("jpeg", await host.Database.ScalarAsync<string>("SELECT format FROM lumina.images WHERE path = 'beach.jpg'"));
    }

    [Fact]
    public async Task ABlobCatalogsBackupsAreCopiedToItsDerivedContainerBeforeAForcedRun()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("one.jpg"), 320, 240, 1);
        var connection = await TestAzurite.ConnectionStringAsync();
        var container = TestAzurite.UniqueContainerName("backedup");
        await AzureBlobStore.Create(connection, container).Container.CreateIfNotExistsAsync(Ct);
        await using var host = await LuminaTestHost.StartAsync(configuration: new Dictionary<string, string?> { ["PhotoStorage"] = connection });
        var catalog = await host.Get<CatalogService>().CreateBlobCatalogAsync("kept", new BlobLocation("PhotoStorage", container, ""), null, Ct);
        await host.Get<ImportRun>().RunAsync(catalog, folder.Root, 2, null, Ct);
        await host.AnalyzeAsync(catalog);

        var forced = await host.AnalyzeAsync(catalog, force: true);

        var derived = AzureBlobStore.Create(connection, container + "-derived", $"{catalog.Id}/");
        var backups = await derived.ListAsync(CatalogBackups.BlobFolder, Ct).Select(b => b.Name).ToListAsync(Ct);
        var name = Assert.Single(backups);
        Assert.EndsWith("-before-forced-analyze.zip", name);
        Assert.Equal($"{derived.Location}/{name}", forced.Backup);
        var local = Directory.GetFiles(Path.Combine(host.Settings.Home, "backups", "kept"));
        Assert.Equal(await File.ReadAllBytesAsync(Assert.Single(local), Ct), await derived.ReadAllBytesAsync(name, Ct));
    }

    [Fact]
    public async Task AMissingContainerOrABadConnectionIsAClearError()
    {
        var connection = await TestAzurite.ConnectionStringAsync();
        await using var host = await LuminaTestHost.StartAsync();
        var catalogs = host.Get<CatalogService>();

        var missing = await Assert.ThrowsAsync<BlobStorageException>(() =>
            catalogs.CreateBlobCatalogAsync("nowhere", new BlobLocation(connection, "no-such-container", ""), null, Ct));
        Assert.Contains("no-such-container", missing.Message);
        Assert.DoesNotContain(TestAzurite.DevelopmentKey, missing.Message);

        var bad = await Assert.ThrowsAsync<CatalogException>(() =>
            catalogs.CreateBlobCatalogAsync("bad", new BlobLocation("AccountName=x;Nonsense", "photos", ""), null, Ct));
        Assert.StartsWith("bad blob connection for container 'photos'", bad.Message);

        using var folder = new PhotoFolder();
        var local = await catalogs.EnsureFolderCatalogAsync(folder.Root, null, Ct);
        var notBlob = await Assert.ThrowsAsync<CatalogException>(() => host.Get<ImportRun>().RunAsync(local, folder.Root, 1, null, Ct));
        Assert.Contains("import uploads into catalogs on blob storage", notBlob.Message);
    }
}

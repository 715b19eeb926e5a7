using Lumina.Functions.Catalogs;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using static Lumina.Functions.Tests.TestUploads;

namespace Lumina.Functions.Tests;

/// <summary>What one upload's ingest leaves behind: its geohash, and no derived files of the version it replaced.</summary>
public sealed class UploadIngestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnUploadedPhotoWithGpsGetsItsGeohashFromItsIngest()
    {
        var (connection, container) = await ContainerAsync("geohash");
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["PhotoStorage"] = connection, ["LUMINA_TRIGGER_INTERVAL"] = "1" });
        var catalog = await host.Get<CatalogService>().CreateBlobCatalogAsync("geohash", new BlobLocation("PhotoStorage", container, ""), null, Ct);
        var store = AzureBlobStore.Create(connection, container);

        await UploadSceneAsync(store, "located.jpg", 1, ("GPSLatitude", "57.64911"), ("GPSLatitudeRef", "N"), ("GPSLongitude", "10.40744"), ("GPSLongitudeRef", "E"));
        await UploadSceneAsync(store, "nowhere.jpg", 2);
        await WaitForAsync(host, catalog, done: 2);

        Assert.Equal("u4pruyd", await host.Database.ScalarAsync<string>("SELECT geohash FROM lumina.images WHERE path = 'located.jpg'"));
        Assert.Null(await host.Database.ScalarAsync<string>("SELECT geohash FROM lumina.images WHERE path = 'nowhere.jpg'"));
        Assert.Equal(1L, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM lumina.image_steps s JOIN lumina.images i ON i.id = s.image_id WHERE s.step = 'geohash'"));
    }

    [Fact]
    public async Task AnOverwrittenUploadsOldDerivedFilesAreDeletedUnlessAnotherImageSharesThem()
    {
        var (connection, container) = await ContainerAsync("overwrite");
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["PhotoStorage"] = connection, ["LUMINA_TRIGGER_INTERVAL"] = "1" });
        var catalog = await host.Get<CatalogService>().CreateBlobCatalogAsync("overwrite", new BlobLocation("PhotoStorage", container, ""), null, Ct);
        var originals = AzureBlobStore.Create(connection, container);
        var derived = AzureBlobStore.Create(connection, $"{container}-derived", $"{catalog.Id}/");
        await UploadSceneAsync(originals, "shared.jpg", 1);
        await UploadSceneAsync(originals, "alone.jpg", 2);
        await originals.PutAsync("copy.jpg", new MemoryStream(await originals.ReadAllBytesAsync("shared.jpg", Ct)), "image/jpeg", Ct);
        await WaitForAsync(host, catalog, done: 3);
        var before = await DerivedRefsAsync(host);
        Assert.Equal(before["shared.jpg"], before["copy.jpg"]);

        await UploadSceneAsync(originals, "shared.jpg", 3);
        await UploadSceneAsync(originals, "alone.jpg", 4);
        await WaitForAsync(host, catalog, done: 5);

        var after = await DerivedRefsAsync(host);
        Assert.NotEqual(before["shared.jpg"], after["shared.jpg"]);
        Assert.NotEqual(before["alone.jpg"], after["alone.jpg"]);
        var files = await derived.ListAsync("", Ct).Select(b => b.Name).Where(n => !n.StartsWith("backups/", StringComparison.Ordinal)).ToListAsync(Ct);
        Assert.Equal(after.Values.SelectMany(r => new[] { r.Thumbnail, r.Preview }).Distinct().Order(), files.Order());
        Assert.Equal(["alone.jpg", "copy.jpg", "shared.jpg"], await originals.ListAsync("", Ct).Select(b => b.Name).ToListAsync(Ct));
    }

    private static async Task<Dictionary<string, (string Thumbnail, string Preview)>> DerivedRefsAsync(WebTestHost host)
    {
        var refs = new Dictionary<string, (string, string)>();
        await using var cmd = host.Database.DataSource.CreateCommand("SELECT path, thumbnail_ref, preview_ref FROM lumina.images");
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            refs[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return refs;
    }
}

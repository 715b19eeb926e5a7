using System.Net;
using System.Net.Sockets;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Health;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using static Lumina.Functions.Tests.TestUploads;

namespace Lumina.Functions.Tests;

/// <summary>Uploads when things go wrong: retries that say so, poison that clears, storage that refuses or never answers.</summary>
public sealed class UploadFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnUploadBeingRetriedSaysSoInItsReceipt()
    {
        var (connection, container) = await ContainerAsync("retrying");
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["PhotoStorage"] = connection, ["LUMINA_TRIGGER_INTERVAL"] = "1", ["LUMINA_TRIGGER_RETRY"] = "30",
        });
        var catalog = await host.Get<CatalogService>().CreateBlobCatalogAsync("retrying", new BlobLocation("PhotoStorage", container, ""), null, Ct);
        await AzureBlobStore.Create(connection, container).PutAsync("broken.jpg", new MemoryStream("not really a jpeg"u8.ToArray()), "image/jpeg", Ct);

        await WaitUntilAsync(async () => (await UploadsAsync(host, catalog)).GetProperty("retrying").GetArrayLength() == 1, "the failed upload listed as retrying");

        var uploads = await UploadsAsync(host, catalog);
        Assert.Equal("""{"retrying":1}""", uploads.GetProperty("receipts").GetRawText());
        var retrying = Assert.Single(uploads.GetProperty("retrying").EnumerateArray());
        Assert.Equal("broken.jpg", retrying.GetProperty("name").GetString());
        Assert.Equal(1, retrying.GetProperty("attempts").GetInt32());
        Assert.StartsWith("not an image", retrying.GetProperty("error").GetString());
        var wait = retrying.GetProperty("next_try").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.True(wait > TimeSpan.FromSeconds(15) && wait <= TimeSpan.FromSeconds(30), $"next try in {wait.TotalSeconds:0.0} s, after a first wait of 30 s");
    }

    [Fact]
    public async Task ANewerVersionOfAPoisonUploadSupersedesItsPoisonRecord()
    {
        var (connection, container) = await ContainerAsync("superseded");
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["PhotoStorage"] = connection, ["LUMINA_TRIGGER_INTERVAL"] = "1", ["LUMINA_TRIGGER_RETRY"] = "0.05",
        });
        var catalog = await host.Get<CatalogService>().CreateBlobCatalogAsync("superseded", new BlobLocation("PhotoStorage", container, ""), null, Ct);
        var store = AzureBlobStore.Create(connection, container);
        await store.PutAsync("photo.jpg", new MemoryStream("not really a jpeg"u8.ToArray()), "image/jpeg", Ct);
        await WaitUntilAsync(async () => (await UploadsAsync(host, catalog)).GetProperty("poison").GetArrayLength() == 1, "the broken upload recorded as poison");

        await UploadSceneAsync(store, "photo.jpg", 1);
        await WaitForAsync(host, catalog, done: 1);

        var uploads = await UploadsAsync(host, catalog);
        Assert.Equal("""{"done":1,"superseded":1}""", uploads.GetProperty("receipts").GetRawText());
        Assert.Empty(uploads.GetProperty("poison").EnumerateArray());
        var report = await host.Get<HealthService>().ReportAsync(catalog, Ct);
        Assert.Empty(report.PoisonUploads);
        Assert.DoesNotContain(report.Recommendations, r => r.Reason.Contains("poison", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUploadStorageRefusesWith403IsPoisonAfterOneAttempt()
    {
        await using var proxy = await FaultProxy.StartAsync(await TestAzurite.ServiceRootAsync());
        var viaProxy = TestAzurite.ConnectionString(proxy.Address, TestAzurite.DevelopmentAccount, TestAzurite.DevelopmentKey);
        var (connection, container) = await ContainerAsync("forbidden");
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["PhotoStorage"] = viaProxy, ["LUMINA_TRIGGER_INTERVAL"] = "0", ["LUMINA_TRIGGER_RETRY"] = "0.05",
        });
        var catalog = await host.Get<CatalogService>().CreateBlobCatalogAsync("forbidden", new BlobLocation("PhotoStorage", container, ""), null, Ct);
        var store = AzureBlobStore.Create(connection, container);
        var uploaded = await UploadSceneAsync(store, "a.jpg", 1);

        proxy.FailNext(100, HttpStatusCode.Forbidden);
        await PostEventsAsync(host, Events(("Microsoft.Storage.BlobCreated", new { url = $"{store.Container.Url}/a.jpg", eTag = uploaded.ETag })));
        await WaitUntilAsync(async () => (await UploadsAsync(host, catalog)).GetProperty("poison").GetArrayLength() == 1, "the forbidden upload recorded as poison");

        var poison = Assert.Single((await UploadsAsync(host, catalog)).GetProperty("poison").EnumerateArray());
        Assert.Equal(1, poison.GetProperty("attempts").GetInt32());
        Assert.Contains("HTTP 403", poison.GetProperty("error").GetString());
        Assert.Single(proxy.Requests, r => r.StartsWith($"HEAD /{TestAzurite.DevelopmentAccount}/{container}/a.jpg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACatalogWhoseStorageNeverAnswersDoesNotHoldBackAnotherCatalogsUploads()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                var client = await silent.AcceptTcpClientAsync(Ct);
                lock (held)
                {
                    held.Add(client);
                }
            }
        }, Ct);
        var (connection, container) = await ContainerAsync("healthy");
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["PhotoStorage"] = connection, ["LUMINA_TRIGGER_INTERVAL"] = "1" });
        var nowhere = TestAzurite.ConnectionString(new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/"), TestAzurite.DevelopmentAccount, TestAzurite.DevelopmentKey);
        var id = Guid.CreateVersion7();
        // Created directly: creating it through the service would wait for the silent endpoint too. Scans visit catalogs by name, so it comes first.
        await host.Get<CatalogRepository>().CreateAsync(
            id, "a-silent", SourceKind.Blob, new BlobLocation(nowhere, "photos", "").ToJson(), new BlobLocation(nowhere, "photos-derived", $"{id}/").ToJson(), Ct);
        var healthy = await host.Get<CatalogService>().CreateBlobCatalogAsync("b-healthy", new BlobLocation("PhotoStorage", container, ""), null, Ct);
        await WaitUntilAsync(() => Task.FromResult(Count(held) > 0), "a scan of the silent catalog");

        await UploadSceneAsync(AzureBlobStore.Create(connection, container), "p.jpg", 1);

        await WaitForAsync(host, healthy, done: 1, TimeSpan.FromSeconds(45));
        Assert.True(Count(held) > 0);
        silent.Stop();
        lock (held)
        {
            held.ForEach(c => c.Dispose());
        }

        await Assert.ThrowsAnyAsync<Exception>(() => accepting);
    }

    private static int Count(List<TcpClient> clients)
    {
        lock (clients)
        {
            return clients.Count;
        }
    }
}

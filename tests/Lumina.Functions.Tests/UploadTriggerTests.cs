using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Health;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using static Lumina.Functions.Tests.TestUploads;

namespace Lumina.Functions.Tests;

/// <summary>The blob upload trigger against real Azurite: container scans on two hosts, poison uploads, Event Grid.</summary>
public sealed class UploadTriggerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoHostsScanningOneContainerProcessEachUploadExactlyOnce()
    {
        var (connection, container) = await ContainerAsync("trigger");
        await using var database = await TestDatabase.CreateAsync("trigger", CatalogSchema.Scripts);
        var settings = new Dictionary<string, string?> { ["PhotoStorage"] = connection, ["LUMINA_TRIGGER_INTERVAL"] = "1", ["LUMINA_TRIGGER_RETRY"] = "0.05" };
        await using var first = await WebTestHost.StartAsync(settings, database);
        await using var second = await WebTestHost.StartAsync(settings, database);
        var catalog = await first.Get<CatalogService>().CreateBlobCatalogAsync("uploads", new BlobLocation("PhotoStorage", container, ""), null, Ct);
        var store = AzureBlobStore.Create(connection, container);
        for (var i = 0; i < 12; i++)
        {
            await UploadSceneAsync(store, $"day1/p{i:D2}.jpg", i);
        }

        await WaitForAsync(first, catalog, done: 12);

        Assert.Equal(12L, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.images WHERE error IS NULL"));
        Assert.Equal(12L, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.blob_receipts WHERE status = 'done'"));
        var ingests = await first.Get<DurableTaskClient>().GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = $"ingest-{catalog.Id:N}" }).ToListAsync(Ct);
        Assert.Equal(12, ingests.Count);

        await UploadSceneAsync(store, "day1/p00.jpg", 100);
        await store.DeleteAsync("day1/p01.jpg", Ct);
        await WaitForAsync(first, catalog, done: 13);
        await WaitUntilAsync(async () => await database.ScalarAsync<DateTime?>("SELECT removed_at FROM lumina.images WHERE path = 'day1/p01.jpg'") is not null, "the deleted blob's image marked removed");
        Assert.Equal(11L, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.images WHERE removed_at IS NULL"));
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.blob_receipts WHERE blob_name = 'day1/p00.jpg'"));
    }

    [Fact]
    public async Task AnUploadThatFailsFiveTimesIsReportedAsPoison()
    {
        var (connection, container) = await ContainerAsync("trigger");
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["PhotoStorage"] = connection, ["LUMINA_TRIGGER_INTERVAL"] = "1", ["LUMINA_TRIGGER_RETRY"] = "0.05",
        });
        var catalog = await host.Get<CatalogService>().CreateBlobCatalogAsync("poison", new BlobLocation("PhotoStorage", container, ""), null, Ct);
        var store = AzureBlobStore.Create(connection, container);
        await store.PutAsync("broken.jpg", new MemoryStream("not really a jpeg"u8.ToArray()), "image/jpeg", Ct);
        await UploadSceneAsync(store, "fine.jpg", 1);

        await WaitUntilAsync(
            async () => await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.blob_receipts WHERE status IN ('done', 'poison')") == 2, "both uploads settled");

        var uploads = JsonDocument.Parse(await host.Client.GetStringAsync($"/api/catalogs/{catalog.Id}/uploads", Ct)).RootElement;
        Assert.Equal(1, uploads.GetProperty("receipts").GetProperty("done").GetInt32());
        var poison = Assert.Single(uploads.GetProperty("poison").EnumerateArray());
        Assert.Equal("broken.jpg", poison.GetProperty("name").GetString());
        Assert.Equal(5, poison.GetProperty("attempts").GetInt32());
        Assert.StartsWith("not an image", poison.GetProperty("error").GetString());
        var report = await host.Get<HealthService>().ReportAsync(catalog, Ct);
        Assert.Equal("broken.jpg", Assert.Single(report.PoisonUploads).Name);
        Assert.Contains("1 upload failed every attempt (poison", report.Recommendations[0].Reason);
    }

    [Fact]
    public async Task EventGridValidatesItsSubscriptionAndDeliversCreatedAndDeletedBlobs()
    {
        var (connection, container) = await ContainerAsync("trigger");
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["PhotoStorage"] = connection, ["LUMINA_TRIGGER_INTERVAL"] = "0" });
        var catalog = await host.Get<CatalogService>().CreateBlobCatalogAsync("events", new BlobLocation("PhotoStorage", container, "camera/"), null, Ct);
        var store = AzureBlobStore.Create(connection, container);

        var validation = await PostEventsAsync(host, """[{"id": "1", "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "data": {"validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}}]""");
        Assert.Equal(HttpStatusCode.OK, validation.StatusCode);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", JsonDocument.Parse(await validation.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("validationResponse").GetString());

        var uploaded = await UploadSceneAsync(store, "camera/a b.jpg", 3);
        var url = $"{store.Container.Url}/camera/a%20b.jpg";
        var created = await PostEventsAsync(host, Events(
            ("Microsoft.Storage.BlobCreated", new { url, eTag = uploaded.ETag.Trim('"') }),
            ("Microsoft.Storage.BlobTierChanged", new { url })));
        Assert.Equal("""{"started":1,"removed":0,"ignored":1}""", await created.Content.ReadAsStringAsync(Ct));
        await WaitForAsync(host, catalog, done: 1);
        Assert.Equal("jpeg", await host.Database.ScalarAsync<string>("SELECT format FROM lumina.images WHERE path = 'a b.jpg'"));

        var again = await PostEventsAsync(host, Events(("Microsoft.Storage.BlobCreated", new { url, eTag = uploaded.ETag })));
        Assert.Contains("\"started\":0", await again.Content.ReadAsStringAsync(Ct));

        await store.DeleteAsync("camera/a b.jpg", Ct);
        var deleted = await PostEventsAsync(host, Events(("Microsoft.Storage.BlobDeleted", new { url })));
        Assert.Contains("\"removed\":1", await deleted.Content.ReadAsStringAsync(Ct));
        Assert.NotNull(await host.Database.ScalarAsync<DateTime?>("SELECT removed_at FROM lumina.images WHERE path = 'a b.jpg'"));

        Assert.Equal(HttpStatusCode.BadRequest, (await PostEventsAsync(host, "[{")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostEventsAsync(host, """{"eventType": "x"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostEventsAsync(host, """[{"eventType": "Microsoft.Storage.BlobCreated", "data": {}}]""")).StatusCode);
    }

    [Fact]
    public async Task ALateBlobDeletedEventLeavesABlobThatStillExistsPresentAndOffersItsNewVersion()
    {
        var (connection, container) = await ContainerAsync("late");
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["PhotoStorage"] = connection, ["LUMINA_TRIGGER_INTERVAL"] = "0" });
        var catalog = await host.Get<CatalogService>().CreateBlobCatalogAsync("late", new BlobLocation("PhotoStorage", container, ""), null, Ct);
        var store = AzureBlobStore.Create(connection, container);
        var url = $"{store.Container.Url}/a.jpg";
        var first = await UploadSceneAsync(store, "a.jpg", 1);
        await PostEventsAsync(host, Events(("Microsoft.Storage.BlobCreated", new { url, eTag = first.ETag })));
        await WaitForAsync(host, catalog, done: 1);

        var late = await PostEventsAsync(host, Events(("Microsoft.Storage.BlobDeleted", new { url })));
        Assert.Equal("""{"started":0,"removed":0,"ignored":0}""", await late.Content.ReadAsStringAsync(Ct));
        Assert.Null(await host.Database.ScalarAsync<DateTime?>("SELECT removed_at FROM lumina.images WHERE path = 'a.jpg'"));

        var second = await UploadSceneAsync(store, "a.jpg", 2);
        var lateForTheOldVersion = await PostEventsAsync(host, Events(("Microsoft.Storage.BlobDeleted", new { url })));
        Assert.Equal("""{"started":1,"removed":0,"ignored":0}""", await lateForTheOldVersion.Content.ReadAsStringAsync(Ct));
        await WaitForAsync(host, catalog, done: 2);
        Assert.Equal(second.ETag, await host.Database.ScalarAsync<string>("SELECT etag FROM lumina.images WHERE path = 'a.jpg' AND removed_at IS NULL"));

        await store.DeleteAsync("a.jpg", Ct);
        var deleted = await PostEventsAsync(host, Events(("Microsoft.Storage.BlobDeleted", new { url })));
        Assert.Equal("""{"started":0,"removed":1,"ignored":0}""", await deleted.Content.ReadAsStringAsync(Ct));
    }
}

using System.Text;
using System.Text.Json;
using Lumina.Storage.Blobs;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary>Containers of the test Azurite, photos uploaded to them, and waiting for the upload trigger.</summary>
internal static class TestUploads
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new container of the development account and the connection string that reaches it.</summary>
    public static async Task<(string Connection, string Container)> ContainerAsync(string hint)
    {
        var connection = await TestAzurite.ConnectionStringAsync();
        var container = TestAzurite.UniqueContainerName(hint);
        await AzureBlobStore.Create(connection, container).Container.CreateIfNotExistsAsync(Ct);
        return (connection, container);
    }

    /// <summary>Uploads a JPEG scene of <paramref name="seed"/>, tagged with exiftool when tags are given.</summary>
    public static async Task<BlobInfo> UploadSceneAsync(IBlobStore store, string name, int seed, params (string Tag, string Value)[] tags)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lumina-upload-{Guid.NewGuid():N}.jpg");
        try
        {
            TestImages.SaveScene(path, 320, 240, seed);
            if (tags.Length > 0)
            {
                TestImages.Tag(path, tags);
            }

            await using var file = File.OpenRead(path);
            return await store.PutAsync(name, file, "image/jpeg", Ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; fails after <paramref name="limit"/> (default a minute).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromMinutes(1));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {(limit ?? TimeSpan.FromMinutes(1)).TotalSeconds:0} s");
            }

            await Task.Delay(100, Ct);
        }
    }

    /// <summary>Waits until <paramref name="done"/> receipts of the catalog are done.</summary>
    public static Task WaitForAsync(WebTestHost host, CatalogRecord catalog, int done, TimeSpan? limit = null) =>
        WaitUntilAsync(async () => await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM lumina.blob_receipts WHERE catalog_id = '{catalog.Id}' AND status = 'done'") >= done, $"{done} uploads analyzed", limit);

    /// <summary>Event Grid events (Event Grid schema) of the given types and data.</summary>
    public static string Events(params (string Type, object Data)[] events) =>
        JsonSerializer.Serialize(events.Select((e, i) => new { id = $"{i}", eventType = e.Type, subject = "/blobServices/default", data = e.Data }));

    public static Task<HttpResponseMessage> PostEventsAsync(WebTestHost host, string body) =>
        host.Client.PostAsync("/api/events/blobs", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

    /// <summary>The catalog's uploads route.</summary>
    public static async Task<JsonElement> UploadsAsync(WebTestHost host, CatalogRecord catalog) =>
        JsonDocument.Parse(await host.Client.GetStringAsync($"/api/catalogs/{catalog.Id}/uploads", Ct)).RootElement;
}

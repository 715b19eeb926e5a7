using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Import;
using Lumina.Functions.Jobs;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary>Deleting a catalog: a backup first, then its rows and derived files, never an original, never under a running job.</summary>
public sealed class CatalogDeleteTests
{
    private static readonly string[] Tables =
        ["images", "image_steps", "duplicate_groups", "duplicate_members", "bursts", "burst_members", "jobs", "catalog_phases"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeletingAFolderCatalogBacksUpThenRemovesItsRowsAndDerivedFilesAndNoOriginal()
    {
        using var folder = new PhotoFolder();
        using var kept = new PhotoFolder();
        for (var i = 0; i < 4; i++)
        {
            TestImages.SaveScene(folder.PathOf($"p{i}.jpg"), 320, 240, i % 2);
            TestImages.SaveScene(kept.PathOf($"k{i}.jpg"), 320, 240, i);
        }

        var originals = folder.Snapshot();
        await using var host = await WebTestHost.StartAsync();
        var catalogs = host.Get<CatalogService>();
        var doomed = await catalogs.EnsureFolderCatalogAsync(folder.Root, "doomed", Ct);
        var other = await catalogs.EnsureFolderCatalogAsync(kept.Root, "other", Ct);
        foreach (var catalog in new[] { doomed, other })
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Get<JobService>().RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct)).RuntimeStatus);
        }

        var before = await CountsAsync(host, other.Id);
        var derivedFiles = Directory.EnumerateFiles(doomed.Derived, "*", SearchOption.AllDirectories).Count();
        Assert.True(derivedFiles >= 4, $"{derivedFiles} derived files");
        Assert.True(await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.duplicate_members") > 0, "the rebuild found the copies");

        var response = await host.Client.DeleteAsync("/api/catalogs/doomed", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(4, body.GetProperty("images").GetInt64());
        Assert.Equal(derivedFiles, body.GetProperty("derived_files").GetInt64());
        var backup = body.GetProperty("backup").GetString()!;
        Assert.StartsWith(Path.Combine(host.Home, "backups", "doomed") + "/", backup);
        Assert.EndsWith("-before-delete.zip", backup);
        await using (var zip = File.OpenRead(backup))
        {
            Assert.Equal(4, (await Storage.Catalog.Backups.CatalogBackup.ReadManifestAsync(zip, Ct)).Rows["images"]);
        }

        Assert.Equal(new Dictionary<string, long>(Tables.Select(t => KeyValuePair.Create(t, 0L))), await CountsAsync(host, doomed.Id));
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.catalogs WHERE name = 'doomed'"));
        Assert.False(Directory.Exists(doomed.Derived));
        Assert.Equal(originals, folder.Snapshot());
        Assert.Equal(before, await CountsAsync(host, other.Id));
        Assert.True(Directory.EnumerateFiles(other.Derived, "*", SearchOption.AllDirectories).Any());
        await HttpAssert.Error(await host.Client.DeleteAsync("/api/catalogs/doomed", Ct), HttpStatusCode.NotFound, "no catalog 'doomed'");
    }

    [Fact]
    public async Task ACatalogWithARunningJobIsNotDeletedAndACatalogBeingDeletedTakesNoJob()
    {
        using var folder = new PhotoFolder();
        for (var i = 0; i < 12; i++)
        {
            TestImages.SaveScene(folder.PathOf($"p{i}.jpg"), 1600, 1200, i);
        }

        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["LUMINA_WORKERS"] = "1", ["LUMINA_BATCH_SIZE"] = "1" });
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "busy", Ct);
        var jobs = host.Get<JobService>();
        var job = await jobs.StartAsync(JobTypes.Analyze, new JobInput(catalog.Id), Ct);

        var refused = await HttpAssert.Error(await host.Client.DeleteAsync("/api/catalogs/busy", Ct), HttpStatusCode.Conflict, $"has a job running (analyze {job.Id})");

        Assert.Contains($"./lumina jobs cancel {job.Id}", refused);
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.catalogs WHERE deleting_since IS NULL"));
        Assert.Empty(Directory.Exists(Path.Combine(host.Home, "backups")) ? Directory.GetFiles(Path.Combine(host.Home, "backups"), "*", SearchOption.AllDirectories) : []);
        await jobs.CancelAsync(job.Id, Ct);
        await jobs.WaitAsync(job.Id, null, Ct);

        await host.Get<CatalogRepository>().MarkDeletingAsync(catalog.Id, true, Ct);
        var taken = await Assert.ThrowsAsync<JobException>(() => jobs.StartAsync(JobTypes.Analyze, new JobInput(catalog.Id), Ct));
        Assert.Equal(409, taken.Status);
        Assert.Contains("catalog 'busy' is being deleted", taken.Message);

        var del = await host.Client.DeleteAsync("/api/catalogs/busy", Ct); Assert.True(del.StatusCode == HttpStatusCode.OK, await del.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.catalogs"));
    }

    [Fact]
    public async Task RowsAreDeletedInBoundedChunks()
    {
        await using var host = await WebTestHost.StartAsync();
        using var folder = new PhotoFolder();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "big", Ct);
        await host.Database.ScalarAsync<object>(
            "INSERT INTO lumina.images (catalog_id, path, file_size, file_modified) SELECT $1, 'p' || n, n, now() FROM generate_series(1, 500) n", catalog.Id);
        await host.Database.ScalarAsync<object>(
            "INSERT INTO lumina.image_steps (image_id, step, version) SELECT id, s, 1 FROM lumina.images, unnest(ARRAY['exif', 'hashes']) s");

        var first = await host.Database.ScalarAsync<int>("SELECT lumina.delete_catalog_rows($1, 100)", catalog.Id);

        Assert.Equal(100, first);
        Assert.Equal(400L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.images"));
        Assert.Equal(800L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.image_steps"));
        Assert.Equal(400L, await host.Get<CatalogRepository>().DeleteRowsAsync(catalog.Id, 100, Ct));
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.image_steps"));
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.catalogs"));
    }

    [Fact]
    public async Task WithKeysOnlyTheAdminKeyDeletesACatalog()
    {
        using var folder = new PhotoFolder();
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["LUMINA_FUNCTION_KEYS"] = "function-key", ["LUMINA_ADMIN_KEY"] = "admin-key" });
        await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "guarded", Ct);

        await HttpAssert.Error(await host.Client.DeleteAsync("/api/catalogs/guarded?code=function-key", Ct), HttpStatusCode.Unauthorized, "the key given is not the admin key");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/catalogs/guarded?code=function-key", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.DeleteAsync("/api/catalogs/guarded?code=admin-key", Ct)).StatusCode);
    }

    [Fact]
    public async Task DeletingABlobCatalogEmptiesItsDerivedPrefixButKeepsBackupsOriginalsAndOtherCatalogs()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("one.jpg"), 320, 240, 1);
        TestImages.SaveScene(folder.PathOf("two.jpg"), 320, 240, 2);
        var connection = await TestAzurite.ConnectionStringAsync();
        var container = TestAzurite.UniqueContainerName("deleted");
        await AzureBlobStore.Create(connection, container).Container.CreateIfNotExistsAsync(Ct);
        await using var host = await LuminaTestHost.StartAsync(configuration: new Dictionary<string, string?> { ["PhotoStorage"] = connection });
        var catalogs = host.Get<CatalogService>();
        var doomed = await catalogs.CreateBlobCatalogAsync("cloud", new BlobLocation("PhotoStorage", container, "a/"), container + "-derived", Ct);
        var other = await catalogs.CreateBlobCatalogAsync("neighbour", new BlobLocation("PhotoStorage", container, "b/"), container + "-derived", Ct);
        foreach (var catalog in new[] { doomed, other })
        {
            await host.Get<ImportRun>().RunAsync(catalog, folder.Root, 2, null, Ct);
            await host.AnalyzeAsync(catalog);
        }

        var derived = AzureBlobStore.Create(connection, container + "-derived");
        Assert.Equal(4, await derived.ListAsync($"{doomed.Id}/", Ct).CountAsync(Ct));

        var deleted = await host.Get<CatalogDeletion>().DeleteAsync("cloud", Ct);

        Assert.Equal((2L, 4L, null), (deleted.Images, deleted.DerivedFiles, deleted.DerivedLeft));
        var left = await derived.ListAsync($"{doomed.Id}/", Ct).Select(b => b.Name).ToListAsync(Ct);
        Assert.Equal($"{doomed.Id}/backups/", Path.GetDirectoryName(Assert.Single(left)) + "/");
        Assert.EndsWith("-before-delete.zip", left[0]);
        Assert.Equal(4, await AzureBlobStore.Create(connection, container).ListAsync("", Ct).CountAsync(Ct));
        Assert.Equal(4, await derived.ListAsync($"{other.Id}/", Ct).CountAsync(Ct));
    }

    private static async Task<Dictionary<string, long>> CountsAsync(WebTestHost host, Guid catalog)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in Tables)
        {
            var query = table switch
            {
                "image_steps" => "SELECT count(*) FROM lumina.image_steps s JOIN lumina.images i ON i.id = s.image_id WHERE i.catalog_id = $1",
                "duplicate_members" => "SELECT count(*) FROM lumina.duplicate_members m JOIN lumina.duplicate_groups g ON g.id = m.group_id WHERE g.catalog_id = $1",
                "burst_members" => "SELECT count(*) FROM lumina.burst_members m JOIN lumina.bursts b ON b.id = m.burst_id WHERE b.catalog_id = $1",
                _ => $"SELECT count(*) FROM lumina.{table} WHERE catalog_id = $1",
            };
            counts[table] = await host.Database.ScalarAsync<long>(query, catalog);
        }

        return counts;
    }
}

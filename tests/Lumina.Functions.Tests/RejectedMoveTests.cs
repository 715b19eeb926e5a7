using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary>Moving rejected originals out of a catalog and back: a backup first, every move recorded, nothing overwritten, hostile folders refused, blob catalogs marked instead.</summary>
public sealed class RejectedMoveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RejectedOriginalsMoveIntoTheFolderAfterABackupAndARestorePutsThemBack()
    {
        await using var s = await ReviewScenario.StartAsync();
        var away = Path.Combine(Path.GetTempPath(), $"lumina-rejected-{Guid.NewGuid():N}");
        try
        {
            var copy = File.ReadAllBytes(s.Folder.PathOf("burst_0_copy.png"));
            var burst = (await s.GetAsync($"{s.Api}/bursts/first")).GetProperty("burst_id").GetInt64();
            await s.SendAsync(HttpMethod.Post, $"{s.Api}/duplicates/accept-suggestions", new { confirm = true });
            await s.SendAsync(HttpMethod.Put, $"{s.Api}/bursts/{burst}/decision", new { decision = "keep-best" });
            var rejected = (await s.GetAsync($"{s.Api}/rejected")).GetProperty("rejected").GetInt32();
            // The frames keep-best rejects, but burst_0.jpg, which the duplicate decision keeps, and the PNG copy.
            var frames = (await s.GetAsync($"{s.Api}/bursts/{burst}")).GetProperty("frames").EnumerateArray()
                .Where(f => !f.GetProperty("best").GetBoolean()).Select(f => f.GetProperty("path").GetString()!).Where(p => p != "burst_0.jpg").ToList();
            var expected = frames.Append("burst_0_copy.png").Order().ToList();
            // A file already at the destination of one of them is never overwritten: that original stays.
            var taken = frames[0];
            Directory.CreateDirectory(away);
            File.WriteAllText(Path.Combine(away, taken), "already here");

            var moved = await s.SendAsync(HttpMethod.Post, $"{s.Api}/rejected/move", new { folder = away, confirm = true });

            Assert.Equal(expected.Count, rejected);
            Assert.Equal(expected.Where(p => p != taken), moved.GetProperty("moved").EnumerateArray().Select(m => m.GetProperty("path").GetString()).Order());
            var skipped = Assert.Single(moved.GetProperty("skipped").EnumerateArray());
            Assert.Equal(taken, skipped.GetProperty("path").GetString());
            Assert.Contains("already exists: Lumina never overwrites a file", skipped.GetProperty("reason").GetString());
            Assert.Equal("already here", File.ReadAllText(Path.Combine(away, taken)));
            Assert.True(File.Exists(s.Folder.PathOf(taken)));
            Assert.True(File.Exists(s.Folder.PathOf("burst_0.jpg")));
            Assert.False(File.Exists(s.Folder.PathOf("burst_0_copy.png")));
            Assert.Equal(copy, File.ReadAllBytes(Path.Combine(away, "burst_0_copy.png")));
            Assert.True(File.Exists(moved.GetProperty("backup").GetString()));
            Assert.DoesNotContain("burst_0_copy.png", (await s.LibraryAsync()).Keys);
            var moves = (await s.GetAsync($"{s.Api}/rejected")).GetProperty("moves");
            Assert.Equal(expected.Count - 1, Assert.Single(moves.EnumerateArray()).GetProperty("files").GetInt64());

            var restored = await s.SendAsync(HttpMethod.Post, $"{s.Api}/rejected/restore", new { });

            Assert.Equal(expected.Count - 1, restored.GetProperty("restored").GetArrayLength());
            Assert.Equal(copy, File.ReadAllBytes(s.Folder.PathOf("burst_0_copy.png")));
            Assert.False(File.Exists(Path.Combine(away, "burst_0_copy.png")));
            Assert.Contains("burst_0_copy.png", (await s.LibraryAsync()).Keys);
            Assert.NotEqual(JsonValueKind.Null, (await s.GetAsync($"{s.Api}/rejected")).GetProperty("moves")[0].GetProperty("restored_at").ValueKind);
            using var again = ReviewScenario.PageRequest(HttpMethod.Post, $"{s.Api}/rejected/restore", new { });
            await HttpAssert.Error(await s.Client.SendAsync(again, Ct), HttpStatusCode.NotFound, "no move of rejected originals to undo");
        }
        finally
        {
            if (Directory.Exists(away))
            {
                Directory.Delete(away, recursive: true);
            }
        }
    }

    [Fact]
    public async Task FoldersThatAreRelativeInsideTheCatalogOrHoldingItAreRefused()
    {
        await using var s = await ReviewScenario.StartAsync();
        await s.SendAsync(HttpMethod.Post, $"{s.Api}/duplicates/accept-suggestions", new { confirm = true });
        var link = Path.Combine(Path.GetTempPath(), $"lumina-link-{Guid.NewGuid():N}");
        Directory.CreateSymbolicLink(link, s.Folder.Root);
        var before = s.Folder.Snapshot();
        try
        {
            async Task Refused(object body, string message)
            {
                using var request = ReviewScenario.PageRequest(HttpMethod.Post, $"{s.Api}/rejected/move", body);
                await HttpAssert.Error(await s.Client.SendAsync(request, Ct), HttpStatusCode.BadRequest, message);
            }

            await Refused(new { folder = "rejected", confirm = true }, "folder must be an absolute path");
            await Refused(new { folder = "/tmp/a\u0001b", confirm = true }, "folder must be an absolute path without control characters");
            await Refused(new { folder = s.Folder.PathOf("2024/rejected"), confirm = true }, "is inside the catalog's folder");
            await Refused(new { folder = Path.Combine(link, "rejected"), confirm = true }, "is inside the catalog's folder");
            await Refused(new { folder = s.Folder.PathOf("2024/../.."), confirm = true }, "holds the catalog's folder");
            await Refused(new { folder = s.Folder.Root, confirm = true }, "holds the catalog's folder");
            await Refused(new { folder = s.Folder.PathOf("burst_0.jpg"), confirm = true }, "is a file: give a folder");
            await Refused(new { folder = "/tmp/x" }, "needs {\"folder\": \"/absolute/path\", \"confirm\": true}");
            Assert.Equal(before, s.Folder.Snapshot());
            Assert.Equal(0L, await s.Host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.rejected_moves"));

            // A hidden folder inside the catalog is skipped by scans: allowed.
            var moved = await s.SendAsync(HttpMethod.Post, $"{s.Api}/rejected/move", new { folder = s.Folder.PathOf(".rejected"), confirm = true });
            Assert.Equal(["burst_0_copy.png"], moved.GetProperty("moved").EnumerateArray().Select(m => m.GetProperty("path").GetString()));
            Assert.True(File.Exists(s.Folder.PathOf(".rejected/burst_0_copy.png")));
            await s.RebuildAsync();
            Assert.DoesNotContain(".rejected/burst_0_copy.png", (await s.LibraryAsync()).Keys);
        }
        finally
        {
            Directory.Delete(link);
        }
    }

    [Fact]
    public async Task WithKeysOnlyTheAdminKeyMovesRejectedOriginals()
    {
        var keys = new Dictionary<string, string?> { ["LUMINA_FUNCTION_KEYS"] = "function-key", ["LUMINA_ADMIN_KEY"] = "admin-key" };
        await using var s = await ReviewScenario.StartAsync(keys);
        var away = Path.Combine(Path.GetTempPath(), $"lumina-rejected-{Guid.NewGuid():N}");

        async Task<HttpResponseMessage> SendAsync(string path, object body, string key)
        {
            using var request = ReviewScenario.PageRequest(HttpMethod.Post, path, body);
            request.Headers.Add("x-functions-key", key);
            return await s.Client.SendAsync(request, Ct);
        }

        var accepted = await SendAsync($"{s.Api}/duplicates/accept-suggestions", new { confirm = true }, "function-key");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        // Undo routes are DELETEs under the catalog that a function key may send, unlike deleting the catalog.
        using (var undo = ReviewScenario.PageRequest(HttpMethod.Delete, $"{s.Api}/decisions/{(await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("action").GetString()}"))
        {
            undo.Headers.Add("x-functions-key", "function-key");
            Assert.Equal(HttpStatusCode.OK, (await s.Client.SendAsync(undo, Ct)).StatusCode);
        }

        using (var delete = ReviewScenario.PageRequest(HttpMethod.Delete, $"{s.Api}/"))
        {
            delete.Headers.Add("x-functions-key", "function-key");
            await HttpAssert.Error(await s.Client.SendAsync(delete, Ct), HttpStatusCode.Unauthorized, "the key given is not the admin key");
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync($"{s.Api}/duplicates/accept-suggestions", new { confirm = true }, "function-key")).StatusCode);
        await HttpAssert.Error(await SendAsync($"{s.Api}/rejected/move", new { folder = away, confirm = true }, "function-key"), HttpStatusCode.Unauthorized, "the key given is not the admin key");
        await HttpAssert.Error(await SendAsync($"{s.Api}/REJECTED/move", new { folder = away, confirm = true }, "function-key"), HttpStatusCode.Unauthorized, "the key given is not the admin key");
        await HttpAssert.Error(await SendAsync($"{s.Api}/rejected/restore", new { }, "function-key"), HttpStatusCode.Unauthorized, "the key given is not the admin key");
        Assert.True(File.Exists(s.Folder.PathOf("burst_0_copy.png")));
        var moved = await SendAsync($"{s.Api}/rejected/move", new { folder = away, confirm = true }, "admin-key");
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.True(File.Exists(Path.Combine(away, "burst_0_copy.png")));
        Directory.Delete(away, recursive: true);
    }

    [Fact]
    public async Task ABlobCatalogsRejectedBlobsAreMarkedAndUnmarkedNotMoved()
    {
        var connection = await TestAzurite.ConnectionStringAsync();
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("a.jpg[Q=92]"), 640, 480, 7);
        TestImages.Run("vips", "copy", folder.PathOf("a.jpg"), folder.PathOf("a_copy.png"));
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["PhotoStorage"] = connection });
        var container = TestAzurite.UniqueContainerName("rejected");
        await Storage.Blobs.Azure.AzureBlobStore.Create(connection, container).Container.CreateIfNotExistsAsync(Ct);
        var created = await (await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "cloud", blob = new { connection = "PhotoStorage", container } }), Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("id").GetString()!;
        var store = host.Get<Catalogs.CatalogService>().BlobOriginals(await host.Get<Catalogs.CatalogService>().GetAsync(id, Ct));
        foreach (var name in new[] { "a.jpg", "a_copy.png" })
        {
            await using var file = File.OpenRead(folder.PathOf(name));
            await store.PutAsync(name, file, "application/octet-stream", Ct);
        }

        var rebuild = await host.Get<Jobs.JobService>().RunAsync(Jobs.JobTypes.Rebuild, new Jobs.JobInput(Guid.Parse(id)), null, Ct);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, rebuild.RuntimeStatus);
        using (var accept = ReviewScenario.PageRequest(HttpMethod.Post, $"/api/catalogs/{id}/duplicates/accept-suggestions", new { confirm = true }))
        {
            Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(accept, Ct)).StatusCode);
        }

        using var withFolder = ReviewScenario.PageRequest(HttpMethod.Post, $"/api/catalogs/{id}/rejected/move", new { folder = "/tmp/x", confirm = true });
        await HttpAssert.Error(await host.Client.SendAsync(withFolder, Ct), HttpStatusCode.BadRequest, "its rejected blobs are marked (lumina_rejected=true), not moved");
        using var move = ReviewScenario.PageRequest(HttpMethod.Post, $"/api/catalogs/{id}/rejected/move", new { confirm = true });
        var answer = await host.Client.SendAsync(move, Ct);
        var moved = await answer.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(answer.IsSuccessStatusCode, moved.ToString());

        Assert.Equal("a_copy.png", Assert.Single(moved.GetProperty("moved").EnumerateArray()).GetProperty("path").GetString());
        Assert.Equal("true", (await store.Container.GetPropertiesAsync("a_copy.png", Ct))!.Metadata["lumina_rejected"]);
        Assert.False((await store.Container.GetPropertiesAsync("a.jpg", Ct))!.Metadata.ContainsKey("lumina_rejected"));
        Assert.NotNull(await store.GetPropertiesAsync("a_copy.png", Ct));

        using var restore = ReviewScenario.PageRequest(HttpMethod.Post, $"/api/catalogs/{id}/rejected/restore", new { });
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(restore, Ct)).StatusCode);
        Assert.False((await store.Container.GetPropertiesAsync("a_copy.png", Ct))!.Metadata.ContainsKey("lumina_rejected"));
        await store.Container.DeleteContainerAsync(Ct);
    }
}

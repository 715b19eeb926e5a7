using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary>Every jobs and catalogs route with its status codes, over real HTTP.</summary>
public sealed class HttpApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CatalogsAreCreatedListedReadAndRefusedWhenWrong()
    {
        using var folder = new PhotoFolder();
        await using var host = await WebTestHost.StartAsync();

        var created = await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "trip", folder = folder.Root }), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var catalog = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("trip", catalog.GetProperty("name").GetString());
        Assert.Equal($"folder {folder.Root}", catalog.GetProperty("source").GetString());
        var id = catalog.GetProperty("id").GetString();

        var list = await host.Client.GetFromJsonAsync<JsonElement>("/api/catalogs", Ct);
        Assert.Equal(["trip"], list.EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync($"/api/catalogs/{id}", Ct)).StatusCode);

        await HttpAssert.Error(await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "trip", folder = folder.Root }), Ct), HttpStatusCode.Conflict, "already exists");
        await HttpAssert.Error(await host.Client.PostAsync("/api/catalogs", HttpAssert.Raw("{\"name\": \"x\","), Ct), HttpStatusCode.BadRequest, "bad JSON");
        await HttpAssert.Error(await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "x" }), Ct), HttpStatusCode.BadRequest, "give either \"folder\" or \"blob\"");
        await HttpAssert.Error(await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "x", folder = "/no/such/folder" }), Ct), HttpStatusCode.BadRequest, "no such folder: /no/such/folder");
        await HttpAssert.Error(await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "x", folder = folder.Root, colour = "red" }), Ct), HttpStatusCode.BadRequest, "colour");
        await HttpAssert.Error(await host.Client.GetAsync("/api/catalogs/nope", Ct), HttpStatusCode.NotFound, "no catalog 'nope'");
    }

    [Fact]
    public async Task ABlobCatalogWithAnInvalidContainerNameOrAnUnsetConnectionSettingIsRefusedNamingTheProblem()
    {
        var connection = await TestAzurite.ConnectionStringAsync();
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["PhotoStorage"] = connection });

        await HttpAssert.Error(
            await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "photos", blob = new { connection = "PhotoStorage", container = "Photos_1" } }), Ct),
            HttpStatusCode.BadRequest, "'Photos_1' is not a valid container name: use 3 to 63 lowercase letters, digits and single hyphens");
        await HttpAssert.Error(
            await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "photos", blob = new { connection = "PHOTOS2_CONN", container = "photos" } }), Ct),
            HttpStatusCode.BadRequest, "setting PHOTOS2_CONN is not set");
        Assert.Empty(await host.Client.GetFromJsonAsync<JsonElement[]>("/api/catalogs", Ct) ?? []);
    }

    [Fact]
    public async Task AJobStartsWithTheCheckStatusPayloadAndIsFollowedToItsEnd()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("a.jpg"), 320, 240, 1);
        TestImages.SaveScene(folder.PathOf("b.png"), 320, 240, 2);
        await using var host = await WebTestHost.StartAsync();
        await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "web", folder = folder.Root }), Ct);

        var start = await host.Client.PostAsync("/api/jobs/analyze", HttpAssert.Json(new { catalog_id = "web", force = false }), Ct);

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var payload = await start.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = payload.GetProperty("id").GetString()!;
        Assert.StartsWith("analyze-", id);
        Assert.EndsWith($"/api/jobs/{id}", payload.GetProperty("statusQueryGetUri").GetString());
        Assert.EndsWith($"/api/jobs/{id}/cancel", payload.GetProperty("terminatePostUri").GetString());
        foreach (var link in new[] { "sendEventPostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri" })
        {
            Assert.Contains($"/api/durabletask/instances/{id}", payload.GetProperty(link).GetString());
        }

        Assert.Equal(payload.GetProperty("statusQueryGetUri").GetString(), start.Headers.Location!.ToString());
        Assert.NotNull(start.Headers.RetryAfter);

        var status = await WaitAsync(host, id);
        Assert.Equal("completed", status.GetProperty("runtime_status").GetString());
        Assert.Equal(2, status.GetProperty("output").GetProperty("analyzed").GetInt32());
        Assert.Equal(2, status.GetProperty("progress").GetProperty("done").GetInt64());

        var durableStatus = await host.Client.GetAsync(new Uri(payload.GetProperty("statusQueryGetUri").GetString()!), Ct);
        Assert.Equal(HttpStatusCode.OK, durableStatus.StatusCode);

        var jobs = await host.Client.GetFromJsonAsync<JsonElement>("/api/jobs?type=analyze&catalog=web&status=completed", Ct);
        Assert.Equal([id], jobs.EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        Assert.Empty((await host.Client.GetFromJsonAsync<JsonElement>("/api/jobs?status=failed", Ct)).EnumerateArray());

        var health = await host.Client.GetFromJsonAsync<JsonElement>("/api/catalogs/web/health", Ct);
        Assert.Equal(2, health.GetProperty("images").GetInt32());
        var markdown = await host.Client.GetStringAsync("/api/catalogs/web/health?format=md", Ct);
        Assert.StartsWith("# Health of catalog 'web'", markdown);

        await HttpAssert.Error(await host.Client.PostAsync($"/api/jobs/{id}/cancel", null, Ct), HttpStatusCode.Gone, "already finished");
    }

    [Fact]
    public async Task ARunningJobAnswers202AndCanBeCancelled()
    {
        using var folder = new PhotoFolder();
        for (var i = 0; i < 12; i++)
        {
            TestImages.SaveScene(folder.PathOf($"p{i}.jpg"), 1600, 1200, i);
        }

        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["LUMINA_WORKERS"] = "1", ["LUMINA_BATCH_SIZE"] = "1" });
        await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "slow", folder = folder.Root }), Ct);
        var id = (await (await host.Client.PostAsync("/api/jobs/analyze", HttpAssert.Json(new { catalog_id = "slow" }), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();

        var running = await host.Client.GetAsync($"/api/jobs/{id}", Ct);
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.EndsWith($"/api/jobs/{id}", running.Headers.Location!.ToString());

        var cancel = await host.Client.PostAsync($"/api/jobs/{id}/cancel", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var status = await WaitAsync(host, id!);
        Assert.Equal("terminated", status.GetProperty("runtime_status").GetString());
    }

    [Fact]
    public async Task BadJobRequestsAreAnswered400Or404WithAMessage()
    {
        using var folder = new PhotoFolder();
        await using var host = await WebTestHost.StartAsync();
        await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "c", folder = folder.Root }), Ct);

        await HttpAssert.Error(await host.Client.PostAsync("/api/jobs/sharpen", HttpAssert.Json(new { catalog_id = "c" }), Ct), HttpStatusCode.BadRequest, "unknown job type 'sharpen'");
        await HttpAssert.Error(await host.Client.PostAsync("/api/jobs/analyze", HttpAssert.Json(new { catalog_id = "nope" }), Ct), HttpStatusCode.NotFound, "no catalog 'nope'");
        await HttpAssert.Error(await host.Client.PostAsync("/api/jobs/analyze", HttpAssert.Raw("{\"catalog_id\": "), Ct), HttpStatusCode.BadRequest, "bad JSON");
        await HttpAssert.Error(await host.Client.PostAsync("/api/jobs/analyze", HttpAssert.Raw("{}"), Ct), HttpStatusCode.BadRequest, "catalog_id is required");
        await HttpAssert.Error(await host.Client.PostAsync("/api/jobs/detect-duplicates", HttpAssert.Json(new { catalog_id = "c", similarity_threshold = 99 }), Ct), HttpStatusCode.BadRequest, "similarity_threshold must be 0 to 32");
        await HttpAssert.Error(await host.Client.PostAsync("/api/jobs/detect-duplicates", HttpAssert.Raw("{\"catalog_id\": \"c\", \"similarity_threshold\": \"five\"}"), Ct), HttpStatusCode.BadRequest, "similarity_threshold must be a whole number (got \"five\")");
        await HttpAssert.Error(await host.Client.PostAsync("/api/jobs/analyze", HttpAssert.Json(new { catalog_id = "c", forse = true }), Ct), HttpStatusCode.BadRequest, "forse");
        await HttpAssert.Error(await host.Client.GetAsync("/api/jobs/no-such-job", Ct), HttpStatusCode.NotFound, "no job no-such-job");
        await HttpAssert.Error(await host.Client.PostAsync("/api/jobs/no-such-job/cancel", null, Ct), HttpStatusCode.NotFound, "no job no-such-job");
        await HttpAssert.Error(await host.Client.GetAsync("/api/jobs?status=exploded", Ct), HttpStatusCode.BadRequest, "unknown status 'exploded'");
        await HttpAssert.Error(await host.Client.GetAsync("/api/jobs?type=sharpen", Ct), HttpStatusCode.BadRequest, "unknown job type 'sharpen'");
        await HttpAssert.Error(await host.Client.GetAsync("/api/jobs?catalog=nope", Ct), HttpStatusCode.NotFound, "no catalog 'nope'");
        await HttpAssert.Error(await host.Client.GetAsync("/api/catalogs/c/health?format=pdf", Ct), HttpStatusCode.BadRequest, "unknown format 'pdf'");
    }

    /// <summary>The job's status once it finished (200), having answered 202 until then.</summary>
    internal static async Task<JsonElement> WaitAsync(WebTestHost host, string id)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var response = await host.Client.GetAsync($"/api/jobs/{id}", Ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"job {id} did not finish in a minute");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lumina.Functions.Analysis;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Jobs;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using Microsoft.DurableTask.Client;

namespace Lumina.Functions.Tests;

/// <summary>
/// A job's life beyond its own routes: purged or restarted through the Durable management API, cancelled while no host
/// runs, and a batch activity that runs again after its save (issue 11 items 5 and 6, issue 12's "analyzed once").
/// </summary>
public sealed class JobLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APurgedJobIsGone410AndListedAsGoneAndARestartOfItsInstanceStartsAJobLuminaKnows()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("a.jpg"), 320, 240, 1);
        await using var host = await WebTestHost.StartAsync();
        await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "life", folder = folder.Root }), Ct);
        var id = await StartAsync(host, "analyze", new { catalog_id = "life" });
        Assert.Equal("completed", (await HttpApiTests.WaitAsync(host, id)).GetProperty("runtime_status").GetString());

        var restart = await host.Client.PostAsync($"/api/durabletask/instances/{id}/restart", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        var restartedId = (await restart.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        Assert.StartsWith("analyze-", restartedId);
        Assert.NotEqual(id, restartedId);
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.jobs WHERE id = $1 AND type = 'analyze'", restartedId));
        Assert.Equal("completed", (await HttpApiTests.WaitAsync(host, restartedId)).GetProperty("runtime_status").GetString());

        var purge = await host.Client.DeleteAsync($"/api/durabletask/instances/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);

        await HttpAssert.Error(await host.Client.GetAsync($"/api/jobs/{id}", Ct), HttpStatusCode.Gone, $"job {id} is gone: its orchestration is no longer in task hub");
        await HttpAssert.Error(await host.Client.PostAsync($"/api/jobs/{id}/cancel", null, Ct), HttpStatusCode.Gone, $"job {id} is gone");
        var listed = (await host.Client.GetFromJsonAsync<JsonElement>("/api/jobs?catalog=life", Ct)).EnumerateArray().ToDictionary(j => j.GetProperty("id").GetString()!);
        Assert.Equal(new[] { id, restartedId }.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        Assert.True(listed[id].GetProperty("is_gone").GetBoolean());
        Assert.Equal(JsonValueKind.Null, listed[id].GetProperty("runtime_status").ValueKind);
        Assert.Equal("completed", listed[restartedId].GetProperty("runtime_status").GetString());
    }

    [Fact]
    public async Task ARestartOfARebuildPhaseOrOfAJobInstanceLuminaHasNoRecordOfIsRefusedWithWhatToDo()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("a.jpg"), 320, 240, 1);
        await using var host = await WebTestHost.StartAsync();
        var catalog = (await (await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "phases", folder = folder.Root }), Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        var rebuild = await StartAsync(host, "rebuild", new { catalog_id = "phases" });
        await HttpApiTests.WaitAsync(host, rebuild);
        var jobs = await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.jobs");

        await HttpAssert.Error(
            await host.Client.PostAsync($"/api/durabletask/instances/{rebuild}:analysis/restart", null, Ct), HttpStatusCode.Conflict,
            $"instance '{rebuild}:analysis' is the analysis phase of job {rebuild}: restart that job, or start a new analyze job with POST /api/jobs/analyze");

        var outside = await host.Client.PostAsync("/api/durabletask/orchestrators/analyze/outside-1", HttpAssert.Json(new { catalogId = catalog }), Ct);
        Assert.Equal(HttpStatusCode.Accepted, outside.StatusCode);
        await HttpAssert.Error(
            await host.Client.PostAsync("/api/durabletask/instances/outside-1/restart", null, Ct), HttpStatusCode.Conflict,
            "instance 'outside-1' runs job type analyze, but Lumina has no record of it");
        Assert.Equal(jobs, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.jobs"));
    }

    [Fact]
    public async Task CancellingAPendingJobWithNoHostSaysWhenItIsCancelledAndTheNextHostEndsItWithoutAnalyzing()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("a.jpg"), 320, 240, 1);
        await using var database = await TestDatabase.CreateAsync("pending", CatalogSchema.Scripts);
        string id;
        await using (var client = await LuminaTestHost.StartAsync(runWork: false, shared: database))
        {
            var catalog = await client.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "pending", Ct);
            id = (await client.Get<JobService>().StartAsync(JobTypes.Analyze, new JobInput(catalog.Id), Ct)).Id;
        }

        var home = Path.Combine(Path.GetTempPath(), $"lumina-cli-home-{Guid.NewGuid():N}");
        try
        {
            var cancel = await LuminaProcess.RunAsync(home, [("LUMINA_POSTGRES", database.ConnectionString)], "jobs", "cancel", id);

            Assert.True(cancel.ExitCode == 0, cancel.Output);
            Assert.Contains($"Cancel requested: job {id} is still pending because no host has taken the request yet; it is cancelled when a host runs its work", cancel.Output);
            Assert.DoesNotContain("Cancelled", cancel.Output);
        }
        finally
        {
            if (Directory.Exists(home))
            {
                Directory.Delete(home, recursive: true);
            }
        }

        await using var worker = await LuminaTestHost.StartAsync(shared: database);
        var done = await worker.Get<JobService>().WaitAsync(id, null, Ct);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.images"));
    }

    [Fact]
    public async Task AJobBatchThatRunsAgainAfterItsSaveReturnsTheSavedResultAndAnalyzesNothingAgain()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("a.jpg"), 640, 480, 1);
        TestImages.SaveScene(folder.PathOf("b.jpg"), 640, 480, 2);
        await File.WriteAllTextAsync(folder.PathOf("c.jpg"), "not an image", Ct);
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "once", Ct);
        var plan = await host.Get<ImagePlanner>().PlanAsync(catalog, JobTypes.PerImage[JobTypes.Analyze], false, false, Ct);
        var jobs = host.Get<JobRepository>();
        Assert.True(await jobs.AddAsync("analyze-once", catalog.Id, JobTypes.Analyze, new { }, Ct));
        await jobs.WriteBatchesAsync("analyze-once", [plan.ToAnalyze], Ct);
        var batch = host.Get<AnalyzeBatch>();

        var first = await batch.RunJobBatchAsync("analyze-once", catalog.Id, 0, Ct);
        var saved = await UpdatesAsync(host.Database);
        var again = await batch.RunJobBatchAsync("analyze-once", catalog.Id, 0, Ct);

        Assert.Equal((2, 1), (first.Analyzed, first.Failed));
        Assert.Equal((first.Analyzed, first.Failed, first.Failures.Single()), (again.Analyzed, again.Failed, again.Failures.Single()));
        Assert.Equal(saved, await UpdatesAsync(host.Database));
        Assert.Equal(1, await host.Database.ScalarAsync<int>("SELECT failed_attempts FROM lumina.images WHERE path = 'c.jpg'"));
    }

    /// <summary>Each image's last save and failed attempts: a second analysis of an image changes them.</summary>
    private static async Task<List<(string, DateTime, int)>> UpdatesAsync(TestDatabase database)
    {
        var rows = new List<(string, DateTime, int)>();
        await using var cmd = database.DataSource.CreateCommand("SELECT path, updated_at, failed_attempts FROM lumina.images ORDER BY path");
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((reader.GetString(0), reader.GetDateTime(1), reader.GetInt32(2)));
        }

        return rows;
    }

    private static async Task<string> StartAsync(WebTestHost host, string type, object body)
    {
        var start = await host.Client.PostAsync($"/api/jobs/{type}", HttpAssert.Json(body), Ct);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return (await start.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
    }
}

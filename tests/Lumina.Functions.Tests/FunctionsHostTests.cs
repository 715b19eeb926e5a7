using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Jobs;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using Microsoft.Extensions.Configuration;

namespace Lumina.Functions.Tests;

/// <summary>Lumina driven as the Azure Functions host drives a custom handler: function folders, invocations, keys.</summary>
public sealed class FunctionsHostTests
{
    private static readonly string Functions = Path.Combine(RepoPaths.Root, "src", "Lumina.Functions", "functions");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryHttpFunctionRouteIsServedAndEveryOtherFunctionHasItsInvocationRoute()
    {
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["LUMINA_ADMIN_KEY"] = "admin-key" });
        var folders = Directory.GetDirectories(Functions);
        Assert.True(folders.Length >= 24, $"{folders.Length} function folders");

        foreach (var folder in folders)
        {
            var name = Path.GetFileName(folder);
            var trigger = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "function.json"), Ct)).RootElement.GetProperty("bindings")[0];
            var response = trigger.GetProperty("type").GetString() switch
            {
                "httpTrigger" => await CallRouteAsync(host, trigger),
                "blobTrigger" or "queueTrigger" or "timerTrigger" => await host.Client.PostAsync($"/{name}", Json("""{"Data": {}, "Metadata": {}}"""), Ct),
                var other => throw new InvalidOperationException($"{name}: unexpected trigger {other}"),
            };

            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode != HttpStatusCode.NotFound || body.Length > 0, $"{name}: no route answers {response.RequestMessage!.Method} {response.RequestMessage.RequestUri}");
            Assert.NotEqual(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        }

        var hostJson = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "host.json"), Ct)).RootElement;
        Assert.Equal("lumina-host", hostJson.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(hostJson.GetProperty("customHandler").GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "host.json")), "the build output is a Functions app root");
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "JobsStart", "function.json")), "the build output holds the function folders");
        Assert.True(File.GetUnixFileMode(Path.Combine(AppContext.BaseDirectory, "lumina-host")).HasFlag(UnixFileMode.UserExecute), "lumina-host is executable");
    }

    [Fact]
    public async Task EverySettingLuminaReadsIsInTheSampleWithANoteAndEverySettingTheDeploymentSetsIsOneLuminaReads()
    {
        var sample = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "local.settings.sample.json"), Ct)).RootElement;
        var values = sample.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet();
        var notes = sample.GetProperty("Notes").EnumerateObject().Select(p => p.Name).ToHashSet();
        var read = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "\"(LUMINA_[A-Z_]+)\"").Select(m => m.Groups[1].Value))
            .Where(name => !name.StartsWith("LUMINA_TEST_", StringComparison.Ordinal)) // test hooks, not settings
            .ToHashSet();
        var bound = Directory.EnumerateFiles(Functions, "function.json", SearchOption.AllDirectories)
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "%([A-Za-z_]+)%").Select(m => m.Groups[1].Value));
        var bicep = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "infra", "azure", "main.bicep"), Ct);
        var deployed = System.Text.RegularExpressions.Regex.Matches(bicep, @"name: '([A-Za-z_]+)'\s*,?\s*value:").Select(m => m.Groups[1].Value).ToList();

        Assert.True(read.Count >= 20, $"{read.Count} settings found in the sources");
        Assert.Empty(read.Except(values));
        Assert.Empty(values.Except(notes));
        Assert.Empty(bound.Except(values));
        Assert.Empty(bound.Except(deployed));
        Assert.Contains("LUMINA_POSTGRES", deployed);
        Assert.Empty(deployed.Where(d => d.StartsWith("LUMINA_", StringComparison.Ordinal)).Except(values));
    }

    [Fact]
    public async Task KeysOpenTheRoutesTheyShouldAndOnlyThose()
    {
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["LUMINA_FUNCTION_KEYS"] = "function-key-1, function-key-2", ["LUMINA_ADMIN_KEY"] = "admin-key",
        });

        await AssertStatus(host, "/api/catalogs", null, HttpStatusCode.Unauthorized, "this route needs a function key");
        await AssertStatus(host, "/api/catalogs?code=guess", null, HttpStatusCode.Unauthorized, "the key given is not a function key of this app");
        await AssertStatus(host, "/api/catalogs", "function-key-1", HttpStatusCode.OK, null);
        await AssertStatus(host, "/api/catalogs?code=function-key-2", null, HttpStatusCode.OK, null);
        await AssertStatus(host, "/api/catalogs", "admin-key", HttpStatusCode.OK, null);
        await AssertStatus(host, "/api/durabletask/instances", "function-key-1", HttpStatusCode.Unauthorized, "the key given is not the admin key");
        await AssertStatus(host, "/api/durabletask/instances", null, HttpStatusCode.Unauthorized, "this route needs the admin key");
        await AssertStatus(host, "/api/durabletask/instances", "admin-key", HttpStatusCode.OK, null);
        await AssertStatus(host, "/runtime/webhooks/durabletask/instances?code=admin-key", null, HttpStatusCode.OK, null);
        await AssertStatus(host, "/runtime/webhooks/durabletask/instances?code=function-key-2", null, HttpStatusCode.Unauthorized, "admin key");
    }

    [Fact]
    public async Task AJobStartedWithAFunctionKeyIsFollowedAndCancelledWithTheSameKeyAndNoLinkCarriesIt()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("a.jpg"), 320, 240, 1);
        await using var log = new StringWriter();
        await using var host = await WebTestHost.StartAsync(
            new Dictionary<string, string?> { ["LUMINA_FUNCTION_KEYS"] = "function-key-1", ["LUMINA_ADMIN_KEY"] = "admin-key" }, requestLog: log);
        await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "keyed", Ct);

        var start = await host.Client.PostAsync("/api/jobs/analyze?code=function-key-1", Json("""{"catalog_id": "keyed"}"""), Ct);

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var payload = await start.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("function-key", payload);
        Assert.DoesNotContain("function-key", start.Headers.Location!.ToString());
        var links = JsonDocument.Parse(payload).RootElement;
        var status = links.GetProperty("statusQueryGetUri").GetString()!;
        HttpResponseMessage followed;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, status);
            request.Headers.Add("x-functions-key", "function-key-1");
            followed = await host.Client.SendAsync(request, Ct);
            Assert.True(followed.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{status}: {followed.StatusCode}");
            Assert.DoesNotContain("function-key", followed.Headers.Location?.ToString() ?? "");
            await Task.Delay(100, Ct);
        }
        while (followed.StatusCode == HttpStatusCode.Accepted);

        var cancel = await host.Client.PostAsync(links.GetProperty("terminatePostUri").GetString() + "?code=function-key-1", null, Ct);
        Assert.Equal(HttpStatusCode.Gone, cancel.StatusCode);
        Assert.Contains("POST /api/jobs/analyze 202 ", log.ToString());
        Assert.DoesNotContain("function-key", log.ToString());
    }

    [Fact]
    public async Task ServingTheNetworkWithoutKeysIsRefusedUnlessAskedFor()
    {
        await using var database = await TestDatabase.CreateAsync("openhost", CatalogSchema.Scripts);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LUMINA_POSTGRES"] = database.ConnectionString,
        }).Build();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Hosting.LuminaWebHost.BuildAsync(["http://0.0.0.0:0"], configuration, Ct));

        Assert.Contains("without keys would open the API to the network", error.Message);
    }

    [Fact]
    public async Task TimerAndQueueInvocationsKeepTheHostWorkingUntilTheHubIsIdle()
    {
        using var folder = new PhotoFolder();
        for (var i = 0; i < 6; i++)
        {
            TestImages.SaveScene(folder.PathOf($"p{i}.jpg"), 800, 600, i);
        }

        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["LUMINA_WORKERS"] = "1", ["LUMINA_BATCH_SIZE"] = "1" });
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        var job = await host.Get<JobService>().StartAsync(JobTypes.Analyze, new JobInput(catalog.Id), Ct);

        var queue = await host.Client.PostAsync("/WorkQueue", Json("""{"Data": {"message": "{\"job\":\"x\"}"}, "Metadata": {"DequeueCount": 1}}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        var response = JsonDocument.Parse(await queue.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(JsonValueKind.Object, response.GetProperty("Outputs").ValueKind);
        Assert.Contains("at the end: 0 orchestration events, 0 activities to claim, 0 running", response.GetProperty("Logs")[0].GetString());
        Assert.True(response.GetProperty("ReturnValue").GetProperty("idle").GetBoolean());
        Assert.False((await host.Get<JobService>().GetAsync(job.Id, Ct))!.IsRunning);

        var timer = await host.Client.PostAsync("/KeepMoving", Json("""{"Data": {"timer": {"IsPastDue": false}}, "Metadata": {}}"""), Ct);
        Assert.True(JsonDocument.Parse(await timer.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("ReturnValue").GetProperty("idle").GetBoolean());
        var bad = await host.Client.PostAsync("/KeepMoving", Json("not json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("not a custom handler invocation", JsonDocument.Parse(await bad.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("Logs")[0].GetString());
    }

    [Fact]
    public async Task ABlobTriggerInvocationStartsTheIngestOnceAndNamesWhatItDid()
    {
        var connection = await TestAzurite.ConnectionStringAsync();
        var container = TestAzurite.UniqueContainerName("invoke");
        var store = AzureBlobStore.Create(connection, container);
        await store.Container.CreateIfNotExistsAsync(Ct);
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["PhotoStorage"] = connection, ["LUMINA_TRIGGER_INTERVAL"] = "0" });
        var catalog = await host.Get<CatalogService>().CreateBlobCatalogAsync("invoked", new BlobLocation("PhotoStorage", container, "in/"), null, Ct);
        var path = Path.Combine(Path.GetTempPath(), $"lumina-invoke-{Guid.NewGuid():N}.jpg");
        TestImages.SaveScene(path, 320, 240, 4);
        Storage.Blobs.BlobInfo blob;
        await using (var file = File.OpenRead(path))
        {
            blob = await store.PutAsync("in/x.jpg", file, "image/jpeg", Ct);
        }

        File.Delete(path);
        var payload = JsonSerializer.Serialize(new
        {
            Data = new { blob = "" },
            Metadata = new { BlobTrigger = $"{container}/in/x.jpg", name = "in/x.jpg", Properties = new { ETag = blob.ETag } },
        });

        var first = JsonDocument.Parse(await (await host.Client.PostAsync("/BlobUploaded", Json(payload), Ct)).Content.ReadAsStringAsync(Ct)).RootElement;
        var second = JsonDocument.Parse(await (await host.Client.PostAsync("/BlobUploaded", Json(payload), Ct)).Content.ReadAsStringAsync(Ct)).RootElement;
        var elsewhere = JsonDocument.Parse(await (await host.Client.PostAsync("/BlobUploaded",
            Json("""{"Data": {}, "Metadata": {"BlobTrigger": "other-container/y.jpg"}}"""), Ct)).Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal($"{container}/in/x.jpg: ingest started for catalog 'invoked'", first.GetProperty("Logs")[0].GetString());
        Assert.Equal(1, first.GetProperty("ReturnValue").GetProperty("started").GetInt32());
        Assert.Equal($"{container}/in/x.jpg: already received by catalog 'invoked'", second.GetProperty("Logs")[0].GetString());
        Assert.Equal("other-container/y.jpg: no catalog reads this container and prefix", elsewhere.GetProperty("Logs")[0].GetString());
        for (var i = 0; i < 300 && await host.Database.ScalarAsync<string>("SELECT status FROM lumina.blob_receipts") != "done"; i++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Equal("jpeg", await host.Database.ScalarAsync<string>("SELECT format FROM lumina.images WHERE path = 'x.jpg'"));
    }

    [Theory]
    [InlineData("127.0.0.1", "/WorkQueue", true)]
    [InlineData("::1", "/BlobUploaded", true)]
    [InlineData("10.1.2.3", "/KeepMoving", false)]
    [InlineData("10.1.2.3", "/blobuploaded", false)]
    [InlineData("10.1.2.3", "/api/catalogs", true)]
    public async Task TriggerInvocationsAreTakenFromThisMachineOnly(string remote, string path, bool passes)
    {
        var keys = new Http.KeyAuthorization(new Configuration.LuminaSettings { Home = Path.GetTempPath(), Anonymous = true });
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        var reached = false;

        await keys.InvokeAsync(context, _ =>
        {
            reached = true;
            return Task.CompletedTask;
        });

        Assert.Equal(passes, reached);
        Assert.Equal(passes ? 200 : 403, context.Response.StatusCode);
    }

    [Fact]
    public async Task PlannedWorkPutsAMessagePerBatchOnTheWorkQueueAndAnUnreachableQueueStopsNothing()
    {
        using var folder = new PhotoFolder();
        for (var i = 0; i < 9; i++)
        {
            TestImages.SaveScene(folder.PathOf($"p{i}.jpg"), 320, 240, i);
        }

        var connection = await TestAzurite.QueueConnectionStringAsync();
        var name = $"work-{Guid.NewGuid():N}";
        await using (var host = await LuminaTestHost.StartAsync(s => s with { Workers = 1, BatchSize = 2, WorkQueue = connection, WorkQueueName = name }))
        {
            var result = await host.AnalyzeAsync(await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct));
            Assert.Equal(9, result.Analyzed);
        }

        await using (var host = await LuminaTestHost.StartAsync(s => s with
        {
            WorkQueue = $"AccountName=a;AccountKey={TestAzurite.DevelopmentKey};QueueEndpoint=http://127.0.0.1:1/a",
        }))
        {
            var result = await host.AnalyzeAsync(await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct));
            Assert.Equal(9, result.Analyzed);
        }

        // Nine photos for one worker in batches of at most two: five batches.
        Assert.Equal(5, await Storage.Queues.AzureQueue.Create(connection, name).CountAsync(Ct));
    }

    private static async Task<HttpResponseMessage> CallRouteAsync(WebTestHost host, JsonElement trigger)
    {
        var route = trigger.GetProperty("route").GetString()!
            .Replace("{instanceId?}", "").Replace("{type}", "analyze").Replace("{imageId}", "1").Replace("{eventName}", "go");
        route = System.Text.RegularExpressions.Regex.Replace(route, @"\{\w+\}", "x").TrimEnd('/');
        var method = new HttpMethod(trigger.GetProperty("methods")[0].GetString()!.ToUpperInvariant());
        using var request = new HttpRequestMessage(method, $"/api/{route}") { Content = method == HttpMethod.Get || method == HttpMethod.Delete ? null : Json("{}") };
        request.Headers.Add("x-functions-key", "admin-key");
        return await host.Client.SendAsync(request, Ct);
    }

    private static async Task AssertStatus(WebTestHost host, string path, string? headerKey, HttpStatusCode status, string? message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (headerKey is not null)
        {
            request.Headers.Add("x-functions-key", headerKey);
        }

        var response = await host.Client.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"{path} with {headerKey ?? "no header key"}: {response.StatusCode} {body}");
        if (message is not null)
        {
            Assert.Contains(message, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
        }

        Assert.DoesNotContain("function-key", body);
        Assert.DoesNotContain("admin-key", body);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

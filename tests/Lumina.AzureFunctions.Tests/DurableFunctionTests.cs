using System.Text.Json;
using Azure.Storage.Blobs;
using Lumina.AzureFunctions.Durable;
using Lumina.AzureFunctions.Http;
using Lumina.AzureFunctions.Uploads;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Jobs;
using Lumina.Functions.Tests;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using Microsoft.DurableTask.Client;

namespace Lumina.AzureFunctions.Tests;

/// <summary>
/// The orchestration, activity and blob trigger functions, called as the worker calls them, with the app's services
/// over PostgreSQL (and Azurite) and a Microsoft.DurableTask worker on the PostgreSQL provider in the Functions host's place.
/// </summary>
public sealed class DurableFunctionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARebuildStartedByNameThroughTheJobsFunctionRunsEveryPhaseThroughTheAppsFunctions()
    {
        using var photos = new PhotoFolder();
        TestImages.SaveScene(photos.PathOf("one.jpg"), 640, 480, 1);
        TestImages.SaveScene(photos.PathOf("copy.jpg"), 640, 480, 1);
        TestImages.SaveScene(photos.PathOf("2024/trip/lake.heic"), 500, 700, 3);
        await using var app = await FunctionsAppHost.StartAsync();
        await app.Get<CatalogService>().CreateFolderCatalogAsync("trip", photos.Root, Ct);
        var jobs = app.Function<JobsFunctions>();

        var start = HttpCalls.Request(app.Services, "localhost", "POST", "/api/jobs/rebuild", """{"catalog_id": "trip"}""");
        var started = await HttpCalls.ExecuteAsync(start, r => jobs.StartAsync(r, JobTypes.Rebuild, app.Client, Ct));
        Assert.True(started.Status == 202, started.ToString());
        var id = JsonDocument.Parse(started.Body).RootElement.GetProperty("id").GetString()!;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(4));
        var done = await app.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        Assert.Equal(JobTypes.Rebuild, done.Name);
        var result = done.ReadOutputAs<RebuildResult>()!;
        // No photo has GPS, so the geohash phase finds nothing to do.
        Assert.Equal(
            ["analysis completed", "geohash unchanged", "duplicates completed", "bursts completed", "health completed"],
            result.Phases.Select(p => $"{p.Name} {p.Status}"));
        Assert.Contains("1 duplicate group holding 2 images", result.Phases[2].Detail);

        var status = await HttpCalls.ExecuteAsync(HttpCalls.Request(app.Services, "localhost", "GET", $"/api/jobs/{id}"), r => jobs.GetAsync(r, id, app.Client, Ct));
        Assert.Equal(200, status.Status);
        var records = await app.Get<ExportRepository>().ReadAsync((await app.Get<CatalogService>().GetAsync("trip", Ct)).Id, Ct).ToListAsync(Ct);
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.NotNull(r.Thumbnail));
        Assert.Equal(2, records.Count(r => r.DuplicateGroup is not null));
    }

    [Fact]
    public async Task TheActivityFunctionsPlanAndAnalyzeAJobsBatchesAsTheActivityClassesDo()
    {
        using var photos = new PhotoFolder();
        TestImages.SaveScene(photos.PathOf("one.jpg"), 640, 480, 1);
        TestImages.SaveScene(photos.PathOf("two.png"), 300, 200, 2);
        File.WriteAllText(photos.PathOf("notes.jpg"), "not a photo");
        await using var app = await FunctionsAppHost.StartAsync(runEngine: false);
        var catalog = await app.Get<CatalogService>().CreateFolderCatalogAsync("batches", photos.Root, Ct);
        var function = new TestFunctionContext(app.Services);
        var jobId = $"job-{Guid.NewGuid():N}";

        var plan = await JobActivities.PlanImages(new PlanImagesInput(jobId, catalog.Id, JobTypes.Analyze, false), jobId, function);
        Assert.Equal(3, plan.Images);
        Assert.Equal(3, plan.Found);
        var results = new List<Lumina.Functions.Analysis.AnalyzeBatchResult>();
        for (var b = 0; b < plan.Batches; b++)
        {
            results.Add(await JobActivities.AnalyzeBatch(new BatchRef(jobId, catalog.Id, b), jobId, function));
        }

        Assert.Equal(2, results.Sum(r => r.Analyzed));
        Assert.Equal("notes.jpg", Assert.Single(results.SelectMany(r => r.Failures)).Path);
        Assert.True(await JobActivities.FinishJob(jobId, jobId, function));
        var summary = await JobActivities.HealthSummary(catalog.Id, jobId, app.Client, function);
        Assert.StartsWith("3 images;", summary.Summary);
        Assert.EndsWith("1 failed", summary.Summary);
    }

    [Fact]
    public async Task AnUploadDeliveredToTheBlobTriggerFunctionIsIngestedOnceThroughTheIngestFunctions()
    {
        var connection = await TestAzurite.ConnectionStringAsync();
        var container = TestAzurite.UniqueContainerName("functions");
        var store = AzureBlobStore.Create(connection, container);
        await store.Container.CreateIfNotExistsAsync(Ct);
        await using var app = await FunctionsAppHost.StartAsync(values: new Dictionary<string, string?> { ["PhotoStorage"] = connection });
        var catalog = await app.Get<CatalogService>().CreateBlobCatalogAsync("uploads", new BlobLocation("PhotoStorage", container, "camera/"), null, Ct);
        var scene = Path.Combine(Path.GetTempPath(), $"lumina-upload-{Guid.NewGuid():N}.jpg");
        TestImages.SaveScene(scene, 640, 480, 7);
        await using (var file = File.OpenRead(scene))
        {
            await store.PutAsync("camera/p1.jpg", file, "image/jpeg", Ct);
        }

        File.Delete(scene);
        var trigger = app.Function<BlobUploadedFunction>();
        // What the worker binds for the trigger: a client of the blob, over the PhotoStorage connection.
        var blob = new BlobClient(connection, container, "camera/p1.jpg");
        await trigger.RunAsync(blob, app.Client, Ct);
        await trigger.RunAsync(blob, app.Client, Ct);
        await trigger.RunAsync(new BlobClient(connection, container, "elsewhere/p2.jpg"), app.Client, Ct);

        var ingests = await app.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = $"ingest-{catalog.Id:N}" }).ToListAsync(Ct);
        var ingest = Assert.Single(ingests);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var done = await app.Client.WaitForInstanceCompletionAsync(ingest.InstanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        Assert.Equal("analyzed", done.ReadOutputAs<Lumina.Functions.Triggers.IngestResult>()!.Outcome);
        var record = Assert.Single(await app.Get<ExportRepository>().ReadAsync(catalog.Id, Ct).ToListAsync(Ct));
        Assert.Equal("p1.jpg", record.Path);
        Assert.NotNull(record.Thumbnail);
    }

    [Fact]
    public async Task TheBlobTriggerStartsOneIngestPerVersionAndNamesWhatItDidForEachBlob()
    {
        var connection = await TestAzurite.ConnectionStringAsync();
        var container = TestAzurite.UniqueContainerName("received");
        var store = AzureBlobStore.Create(connection, container);
        await store.Container.CreateIfNotExistsAsync(Ct);
        await using var app = await FunctionsAppHost.StartAsync(values: new Dictionary<string, string?> { ["PhotoStorage"] = connection }, runEngine: false);
        await app.Get<CatalogService>().CreateBlobCatalogAsync("received", new BlobLocation("PhotoStorage", container, "in/"), null, Ct);
        // No worker runs here: the ingests are only started, so the blob's content does not matter.
        await store.PutAsync("in/x.jpg", new MemoryStream("a photo"u8.ToArray()), "image/jpeg", Ct);
        var uploads = app.Get<DurableServices>().BlobUploads(app.Client);

        var first = await uploads.ReceivedAsync(container, "in/x.jpg", Ct);
        var second = await uploads.ReceivedAsync(container, "in/x.jpg", Ct);
        var gone = await uploads.ReceivedAsync(container, "in/never.jpg", Ct);
        var elsewhere = await uploads.ReceivedAsync("other-container", "y.jpg", Ct);

        Assert.Equal((1, $"{container}/in/x.jpg: ingest started for catalog 'received'"), (first.Started, Assert.Single(first.Logs)));
        Assert.Equal((0, $"{container}/in/x.jpg: already received by catalog 'received'"), (second.Started, Assert.Single(second.Logs)));
        Assert.Equal((0, $"{container}/in/never.jpg: gone before it could be read; catalog 'received' marks it removed"), (gone.Started, Assert.Single(gone.Logs)));
        Assert.Equal("other-container/y.jpg: no catalog reads this container and prefix", Assert.Single(elsewhere.Logs));
    }

    [Fact]
    public async Task EveryJobAndAnUploadRunThroughTheAppsFunctionsUntilEveryFunctionLuminaRegistersHasBeenCalled()
    {
        var connection = await TestAzurite.ConnectionStringAsync();
        var container = TestAzurite.UniqueContainerName("every");
        var store = AzureBlobStore.Create(connection, container);
        await store.Container.CreateIfNotExistsAsync(Ct);
        async Task UploadAsync(string name, int seed)
        {
            var scene = Path.Combine(Path.GetTempPath(), $"lumina-every-{Guid.NewGuid():N}.jpg");
            TestImages.SaveScene(scene, 640, 480, seed);
            await using (var file = File.OpenRead(scene))
            {
                await store.PutAsync(name, file, "image/jpeg", Ct);
            }

            File.Delete(scene);
        }

        await UploadAsync("camera/one.jpg", 1);
        await UploadAsync("camera/copy.jpg", 1);
        await UploadAsync("camera/two.jpg", 2);
        var models = Directory.CreateTempSubdirectory("lumina-every-clip-").FullName;
        await using var app = await FunctionsAppHost.StartAsync(values: new Dictionary<string, string?>
        {
            ["PhotoStorage"] = connection, ["LUMINA_CLIP_MODEL"] = Lumina.Testing.OnnxModels.TinyClip.WriteModelFolder(Path.Combine(models, "tiny")), ["LUMINA_TRIGGER_INTERVAL"] = "0",
        });
        var catalog = await app.Get<CatalogService>().CreateBlobCatalogAsync("every", new BlobLocation("PhotoStorage", container, "camera/"), null, Ct);
        var jobs = app.Function<JobsFunctions>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(8));

        foreach (var type in JobTypes.All)
        {
            var start = HttpCalls.Request(app.Services, "localhost", "POST", $"/api/jobs/{type}", """{"catalog_id": "every"}""");
            var started = await HttpCalls.ExecuteAsync(start, r => jobs.StartAsync(r, type, app.Client, Ct));
            Assert.True(started.Status == 202, $"{type}: {started}");
            var id = JsonDocument.Parse(started.Body).RootElement.GetProperty("id").GetString()!;
            var done = await app.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{type}: {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        }

        await UploadAsync("camera/new.jpg", 3);
        await app.Function<BlobUploadedFunction>().RunAsync(new BlobClient(connection, container, "camera/new.jpg"), app.Client, Ct);
        var ingest = Assert.Single(await app.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = $"ingest-{catalog.Id:N}" }).ToListAsync(Ct));
        var ingested = await app.Client.WaitForInstanceCompletionAsync(ingest.InstanceId, timeout.Token);
        Assert.True(ingested.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{ingested.RuntimeStatus}: {ingested.FailureDetails?.ErrorMessage}");

        var registered = JobRegistration.Tasks();
        var called = app.Get<ThroughFunctions.Dispatched>().Names;
        Assert.Empty(registered.Orchestrators.Keys.Concat(registered.Activities.Keys).Except(called));
        var records = await app.Get<ExportRepository>().ReadAsync(catalog.Id, Ct).ToListAsync(Ct);
        Assert.Equal(4, records.Count);
        Assert.All(records, r => Assert.NotNull(r.Thumbnail));
        Directory.Delete(models, recursive: true);
    }
}

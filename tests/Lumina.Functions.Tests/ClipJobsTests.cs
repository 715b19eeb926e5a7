using System.Runtime.InteropServices;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Clip;
using Lumina.Functions.Health;
using Lumina.Functions.Jobs;
using Lumina.Ml.Tagging;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using Lumina.Testing.OnnxModels;

namespace Lumina.Functions.Tests;

/// <summary>CLIP in the pipeline with a tiny generated model: embeddings from the one decode, tags, search.</summary>
public sealed class ClipJobsTests : IDisposable
{
    private readonly string _models = Path.Combine(Path.GetTempPath(), $"lumina-models-{Guid.NewGuid():N}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_models))
        {
            Directory.Delete(_models, recursive: true);
        }
    }

    [Fact]
    public async Task AnalysisStoresNormalizedEmbeddingsWithTheModelIdentityAndRebuildTagsThem()
    {
        using var folder = Colours("red", "green", "blue");
        await using var host = await StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);

        var rebuild = await host.Get<JobService>().RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);

        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, rebuild.RuntimeStatus);
        Assert.Contains(rebuild.Progress!.Phases!, p => p.Name == "clip" && p.Status == "completed");
        Assert.Contains(rebuild.Progress.Phases!, p => p.Name == "tags" && p.Status == "completed");
        var identity = await host.Get<ClipService>().IdentityAsync(Ct);
        var vectors = await host.Get<EmbeddingRepository>().ReadAsync(catalog.Id, identity, all: true, 0, Ct);
        Assert.Equal(3, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Vector.Sum(x => (double)x * x)), 4));
        Assert.Equal(3L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.image_steps WHERE step IN ('clip')"));
        Assert.Equal(3L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.image_steps WHERE step IN ('tags')"));
        var report = await host.Get<HealthService>().ReportAsync(catalog, Ct);
        Assert.Equal(3, report.Coverage.Single(c => c.Metadata == "CLIP embeddings").Count);
        Assert.Empty(report.Recommendations);
    }

    [Fact]
    public async Task AutoTagsAreTheScorersChoiceAndNeverReplaceManualTags()
    {
        using var folder = Colours("red", "yellow");
        await using var host = await StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        await host.AnalyzeAsync(catalog);
        await host.Database.ScalarAsync<int>("INSERT INTO lumina.tags (image_id, tag, source) SELECT id, 'grandma', 'manual' FROM lumina.images");

        var job = await host.Get<JobService>().RunAsync(JobTypes.AutoTag, new JobInput(catalog.Id, Force: true), null, Ct);

        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, job.RuntimeStatus);
        var clip = host.Get<ClipService>();
        var stored = await host.Get<EmbeddingRepository>().ReadAsync(catalog.Id, await clip.IdentityAsync(Ct), all: true, 0, Ct);
        var expected = TagScorer.Score([.. stored.Select(s => s.Vector)], await clip.ConceptsAsync(Ct))
            .SelectMany((tags, i) => tags.Select(t => $"{stored[i].ImageId}:{t.Concept.Name}")).Order().ToList();
        var actual = new List<string>();
        await using (var cmd = host.Database.DataSource.CreateCommand("SELECT image_id || ':' || tag FROM lumina.tags WHERE source = 'auto' ORDER BY 1"))
        await using (var reader = await cmd.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                actual.Add(reader.GetString(0));
            }
        }

        Assert.Equal(expected, actual.Order().ToList());
        Assert.Equal(2L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.tags WHERE source = 'manual' AND tag = 'grandma'"));
    }

    [Fact]
    public async Task SearchRanksByTheCosineOfTheQueryAndSimilarFindsTheSameColourFirst()
    {
        using var folder = Colours("red", "red-again", "green", "blue", "yellow");
        await using var host = await StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        await host.AnalyzeAsync(catalog);
        var search = host.Get<SearchService>();

        var similar = await search.SimilarAsync(catalog, "red.png", 10, Ct);
        Assert.Equal("red-again.png", similar[0].Path);
        Assert.DoesNotContain(similar, h => h.Path == "red.png");
        Assert.Equal(4, similar.Count);

        var hits = await search.SearchTextAsync(catalog, "a photo of a dog", 3, Ct);
        var model = await host.Get<ClipService>().ModelAsync(Ct);
        var query = model.Texts.Encode(["a photo of a dog"], Ct)[0];
        var stored = await host.Get<EmbeddingRepository>().ReadAsync(catalog.Id, model.Images.Identity.ToString(), all: true, 0, Ct);
        var cosines = stored.ToDictionary(s => s.ImageId, s => s.Vector.Zip(query, (a, b) => (double)a * b).Sum());
        var expected = cosines.Values.OrderDescending().Take(3).ToList();
        // Identical photos tie exactly, and ties have no order: the hits are the best scores, each its own image's cosine.
        Assert.Equal(3, hits.Select(h => h.ImageId).Distinct().Count());
        Assert.All(hits.Zip(expected), p => Assert.Equal(p.Second, p.First.Score, 3));
        Assert.All(hits, h => Assert.Equal(cosines[h.ImageId], h.Score, 3));
        Assert.All(hits, h => Assert.NotNull(h.Thumbnail));

        var unknown = await Assert.ThrowsAsync<CatalogException>(() => search.SimilarAsync(catalog, "nope.png", 3, Ct));
        Assert.Equal($"no image 'nope.png' in catalog '{catalog.Name}'", unknown.Message);
    }

    [Fact]
    public async Task TheCatalogsEmbeddingIndexIsSharedUntilItsEmbeddingsChangeAndStreamsWhatIsStored()
    {
        using var folder = Colours("red", "green", "blue");
        await using var host = await StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "cache", Ct);
        await host.AnalyzeAsync(catalog);
        var cache = host.Get<EmbeddingIndexCache>();
        var identity = await host.Get<ClipService>().IdentityAsync(Ct);
        var repository = host.Get<EmbeddingRepository>();

        var first = await cache.GetAsync(catalog.Id, Ct);
        Assert.Same(first, await cache.GetAsync(catalog.Id, Ct));
        Assert.Equal(3, first.Count);

        var streamed = new List<(long Id, float[] Vector)>();
        Assert.Equal(3, await repository.ReadEachAsync(catalog.Id, identity, (id, vector) => streamed.Add((id, vector.ToArray())), Ct));
        var read = await repository.ReadAsync(catalog.Id, identity, all: true, 0, Ct);
        Assert.Equal(read.OrderBy(r => r.ImageId).Select(r => (r.ImageId, r.Vector)), streamed.OrderBy(r => r.Id), new RowComparer());

        var blue = await host.Database.ScalarAsync<long>($"UPDATE lumina.images SET removed_at = now() WHERE catalog_id = '{catalog.Id}' AND path = 'blue.png' RETURNING id");
        var reloaded = await cache.GetAsync(catalog.Id, Ct);
        Assert.NotSame(first, reloaded);
        Assert.Equal(2, reloaded.Count);
        Assert.False(reloaded.Contains(blue));
    }

    [Fact]
    public async Task EmbeddingsOfAnotherModelAreRedoneByTheClipJob()
    {
        using var folder = Colours("red", "green");
        await using var host = await StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "models", Ct);
        await host.AnalyzeAsync(catalog);
        var jobs = host.Get<JobService>();
        var current = (await jobs.RunAsync(JobTypes.Clip, new JobInput(catalog.Id), null, Ct)).OutputAs<ImageJobResult>()!;
        Assert.Equal((0, 2), (current.Analyzed, current.Unchanged));

        await host.Database.ScalarAsync<int>("UPDATE lumina.embeddings SET model = 'older-model@sha256:00'");
        var redone = (await jobs.RunAsync(JobTypes.Clip, new JobInput(catalog.Id), null, Ct)).OutputAs<ImageJobResult>()!;

        Assert.Equal((2, 0), (redone.Analyzed, redone.Unchanged));
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.embeddings WHERE model = 'older-model@sha256:00'"));
    }

    [Fact]
    public async Task EmbeddingsCanJoinDuplicatesTheHashesMiss()
    {
        using var folder = Colours("red", "red-again", "blue");
        await using var host = await StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        await host.AnalyzeAsync(catalog);
        var jobs = host.Get<JobService>();
        // Hashes 32 or more bits apart (all views alike), and distinct contents: only the embeddings can join the reds.
        await host.Database.ScalarAsync<int>("""
            UPDATE lumina.images SET sha256 = sha256(convert_to(h.path, 'UTF8')),
                dhash = h.v, dhash_mirrored = h.v, dhash_cropped = h.v, dhash_cropped_mirrored = h.v, dhash_crops = ARRAY[h.v]
            FROM (VALUES ('red.png', 0::bigint), ('red-again.png', -1::bigint), ('blue.png', 4294967295::bigint)) AS h(path, v)
            WHERE lumina.images.path = h.path
            """);

        var hashesOnly = (await jobs.RunAsync(JobTypes.DetectDuplicates, new JobInput(catalog.Id), null, Ct)).OutputAs<CatalogJobResult>()!;
        var status = await jobs.RunAsync(JobTypes.DetectDuplicates, new JobInput(catalog.Id, UseEmbeddings: true, EmbeddingSimilarity: 0.999), null, Ct);
        var withEmbeddings = status.OutputAs<CatalogJobResult>() ?? throw new InvalidOperationException(status.Error);

        Assert.Equal(0, hashesOnly.Counts["groups"]);
        Assert.Equal(1, withEmbeddings.Counts["groups"]);
        Assert.Equal(2, withEmbeddings.Counts["images"]);
    }

    [Fact]
    public async Task ClipJobsWithoutAModelAreRefusedAndHealthSaysNotConfigured()
    {
        using var folder = Colours("red");
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);

        var error = await Assert.ThrowsAsync<JobException>(() => host.Get<JobService>().StartAsync(JobTypes.Clip, new JobInput(catalog.Id), Ct));
        Assert.Equal(400, error.Status);
        Assert.Contains("set LUMINA_CLIP_MODEL", error.Message);
        var markdown = HealthMarkdown.Render(await host.Get<HealthService>().ReportAsync(catalog, Ct));
        Assert.Contains("CLIP embeddings (not configured: set LUMINA_CLIP_MODEL)", markdown);
    }

    [Fact]
    public async Task TheSearchRouteAnswersWithScoresAndThumbnailLinks()
    {
        using var folder = Colours("red", "red-again", "blue");
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["LUMINA_CLIP_MODEL"] = TinyClip.WriteModelFolder(Path.Combine(_models, "web")) });
        var created = await host.Client.PostAsync("/api/catalogs", new StringContent($$"""{"name": "web", "folder": "{{folder.Root}}"}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.True(created.StatusCode == System.Net.HttpStatusCode.Created, $"{created.StatusCode}: {await created.Content.ReadAsStringAsync(Ct)}");
        var started = await host.Client.PostAsync("/api/jobs/analyze", new StringContent("""{"catalog_id": "web"}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        var body = await started.Content.ReadAsStringAsync(Ct);
        Assert.True(started.StatusCode == System.Net.HttpStatusCode.Accepted, $"{started.StatusCode}: {body}");
        var job = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        await host.Get<JobService>().WaitAsync(job, null, Ct);

        var similar = System.Text.Json.JsonDocument.Parse(await host.Client.GetStringAsync("/api/catalogs/web/search?similar=red.png&top=2", Ct)).RootElement;
        Assert.Equal("red-again.png", similar[0].GetProperty("path").GetString());
        Assert.Equal(2, similar.GetArrayLength());
        var thumbnail = await host.Client.GetAsync(similar[0].GetProperty("thumbnail_url").GetString(), Ct);
        Assert.Equal("image/webp", thumbnail.Content.Headers.ContentType!.MediaType);
        Assert.Equal("RIFF"u8.ToArray(), (await thumbnail.Content.ReadAsByteArrayAsync(Ct))[..4]);

        var byText = System.Text.Json.JsonDocument.Parse(await host.Client.GetStringAsync("/api/catalogs/web/search?q=sunset&top=5", Ct)).RootElement;
        Assert.Equal(3, byText.GetArrayLength());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/catalogs/web/search", Ct)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await host.Client.GetAsync("/api/catalogs/web/images/999999/thumbnail", Ct)).StatusCode);
    }

    [Fact]
    public async Task TheImageRouteShowsTheClipNeighboursWhenAModelIsConfigured()
    {
        using var folder = Colours("red", "red-again", "blue");
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["LUMINA_CLIP_MODEL"] = TinyClip.WriteModelFolder(Path.Combine(_models, "image")) });
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "colours", Ct);
        await host.Get<JobService>().RunAsync(JobTypes.Analyze, new JobInput(catalog.Id), null, Ct);
        var red = await host.Get<ImageRepository>().FindIdAsync(catalog.Id, "red.png", Ct);

        var image = System.Text.Json.JsonDocument.Parse(await host.Client.GetStringAsync($"/api/catalogs/colours/images/{red}", Ct)).RootElement;

        var similar = image.GetProperty("similar");
        Assert.Equal("clip", similar.GetProperty("by").GetString());
        Assert.Equal(["red-again.png", "blue.png"], similar.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("path").GetString()));
        var distances = similar.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("distance").GetDouble()).ToList();
        Assert.True(distances[0] < distances[1], $"the other red is nearer: {string.Join(", ", distances)}");
        Assert.InRange(distances[0], 0, 0.01);
    }

    private sealed class RowComparer : IEqualityComparer<(long Id, float[] Vector)>
    {
        public bool Equals((long Id, float[] Vector) x, (long Id, float[] Vector) y) => x.Id == y.Id && x.Vector.SequenceEqual(y.Vector);

        public int GetHashCode((long Id, float[] Vector) obj) => obj.Id.GetHashCode();
    }

    private Task<LuminaTestHost> StartAsync() =>
        LuminaTestHost.StartAsync(s => s with { ClipModel = TinyClip.WriteModelFolder(Path.Combine(_models, "tiny")) });

    /// <summary>Solid-colour photos named after their colour ("red-again" is red too).</summary>
    private static PhotoFolder Colours(params string[] names)
    {
        var folder = new PhotoFolder();
        foreach (var name in names)
        {
            (byte R, byte G, byte B) colour = name.Split('-')[0] switch
            {
                "red" => (220, 30, 30),
                "green" => (30, 200, 40),
                "blue" => (30, 40, 210),
                _ => (230, 220, 40),
            };
            var rgb = new byte[64 * 48 * 3];
            for (var i = 0; i < rgb.Length; i += 3)
            {
                (rgb[i], rgb[i + 1], rgb[i + 2]) = colour;
            }

            TestImages.Save(rgb, 64, 48, folder.PathOf($"{name}.png"));
        }

        return folder;
    }
}

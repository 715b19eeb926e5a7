using Lumina.Functions.Catalogs;
using Lumina.Functions.Configuration;
using Lumina.Functions.Export;
using Lumina.Functions.Jobs;
using Lumina.Storage.Catalog;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary>The catalog-wide jobs and the rebuild, on generated photos with known answers.</summary>
public sealed class CatalogJobsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DurableProviders.Postgres)]
    [InlineData(DurableProviders.AzureStorage)]
    public async Task RebuildRunsEveryPhaseAndTheExportCarriesGeohashDuplicatesAndBursts(string provider)
    {
        using var folder = new PhotoFolder();
        // Three frames of a burst 0.4 s apart at Aalborg (57.64911, 10.40744: geohash u4pruydqqvj), a copy of the
        // first frame as PNG, and an unrelated photo by another camera a second later.
        for (var frame = 0; frame < 3; frame++)
        {
            var name = $"burst_{frame}.jpg";
            TestImages.SaveScene(folder.PathOf(name + "[Q=92]"), 640, 480, 20 + frame * 100);
            TestImages.Tag(folder.PathOf(name), ("Make", "Lumina"), ("Model", "Burst Cam"), ("DateTimeOriginal", "2024:06:01 12:00:00"),
                ("SubSecTimeOriginal", $"{frame * 4}00"), ("GPSLatitude", "57.64911"), ("GPSLatitudeRef", "N"), ("GPSLongitude", "10.40744"), ("GPSLongitudeRef", "E"));
        }

        TestImages.Run("vips", "copy", folder.PathOf("burst_0.jpg"), folder.PathOf("burst_0_copy.png"));
        TestImages.SaveScene(folder.PathOf("other.jpg"), 640, 480, 999);
        TestImages.Tag(folder.PathOf("other.jpg"), ("Make", "Lumina"), ("Model", "Other Cam"), ("DateTimeOriginal", "2024:06:01 12:00:01"));
        await using var host = await LuminaTestHost.StartAsync(await LuminaTestHost.OnProviderAsync(provider));
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);

        var rebuild = await host.Get<JobService>().RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);

        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, rebuild.RuntimeStatus);
        Assert.Equal(["analysis", "geohash", "duplicates", "bursts", "health"], rebuild.Progress!.Phases!.Select(p => p.Name));
        Assert.All(rebuild.Progress.Phases!, p => Assert.Equal("completed", p.Status));
        Assert.Equal(4, rebuild.Phases!.Count);

        var records = await ExportAsync(host, catalog);
        Assert.Equal("u4pruyd", records["burst_1.jpg"].Geohash);
        Assert.Null(records["other.jpg"].Geohash);
        Assert.Equal(records["burst_0.jpg"].DuplicateGroup, records["burst_0_copy.png"].DuplicateGroup);
        Assert.NotNull(records["burst_0.jpg"].DuplicateGroup);
        Assert.Single(new[] { records["burst_0.jpg"], records["burst_0_copy.png"] }, r => r.DuplicateBest == true);
        var burst = records["burst_0.jpg"].BurstId ?? records["burst_0_copy.png"].BurstId;
        Assert.NotNull(burst);
        Assert.Equal(burst, records["burst_1.jpg"].BurstId);
        Assert.Equal(burst, records["burst_2.jpg"].BurstId);
        Assert.Null(records["other.jpg"].BurstId);
        Assert.Equal(3, records.Values.Count(r => r.BurstId == burst));
        Assert.Single(records.Values, r => r.BurstId == burst && r.BurstBest == true);
    }

    [Fact]
    public async Task DetectionRerunsBackUpTheResultsTheyReplaceAndRespectTheThreshold()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("a.jpg[Q=95]"), 640, 480, 5);
        TestImages.SaveScene(folder.PathOf("a_small.jpg[Q=60]"), 320, 240, 5);
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        await host.AnalyzeAsync(catalog);
        var jobs = host.Get<JobService>();

        var first = (await jobs.RunAsync(JobTypes.DetectDuplicates, new JobInput(catalog.Id), null, Ct)).OutputAs<CatalogJobResult>()!;
        var strict = (await jobs.RunAsync(JobTypes.DetectDuplicates, new JobInput(catalog.Id, SimilarityThreshold: 0), null, Ct)).OutputAs<CatalogJobResult>()!;

        Assert.Equal(1, first.Counts["groups"]);
        Assert.Null(first.Backup);
        Assert.NotNull(strict.Backup);
        Assert.True(File.Exists(strict.Backup));
        Assert.Equal(strict.Counts["groups"], await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.duplicate_groups"));
        Assert.Equal(0, await host.Database.ScalarAsync<int>("SELECT threshold FROM lumina.duplicate_groups UNION ALL SELECT 0 LIMIT 1"));
    }

    [Fact]
    public async Task BackfillRecordsFlagsForDataThatHasNone()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("a.jpg"), 320, 240, 1);
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        await host.AnalyzeAsync(catalog);
        await host.Database.ScalarAsync<int>("DELETE FROM lumina.image_steps WHERE step IN ('hashes', 'quality')");

        var result = (await host.Get<JobService>().RunAsync(JobTypes.BackfillFlags, new JobInput(catalog.Id), null, Ct)).OutputAs<CatalogJobResult>()!;

        Assert.Equal(new Dictionary<string, long> { ["hashes"] = 1, ["quality"] = 1 }, result.Counts);
        Assert.Equal(5L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.image_steps"));
    }

    private static async Task<Dictionary<string, ExportRecord>> ExportAsync(LuminaTestHost host, CatalogRecord catalog) =>
        await host.Get<ExportRepository>().ReadAsync(catalog.Id, Ct).ToDictionaryAsync(r => r.Path, cancellationToken: Ct);
}

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

        // The camera JPEG is kept over its PNG re-save, and each says why; the best frame says why it was chosen.
        Assert.True(records["burst_0.jpg"].DuplicateBest);
        Assert.Contains(records["burst_0_copy.png"].DuplicateBestReason, new[] { "original format (jpeg, the other is png)", "camera original (EXIF make, model, date)" });
        Assert.NotNull(records["burst_0.jpg"].DuplicateBestReason);
        Assert.NotNull(Assert.Single(records.Values, r => r.BurstId == burst && r.BurstBest == true).BurstBestReason);
        Assert.All(records.Values.Where(r => r.BurstId == burst && r.BurstBest != true), r => Assert.Null(r.BurstBestReason));
        var health = Health.HealthJson.Render(await host.Get<Health.HealthService>().ReportAsync(catalog, Ct));
        Assert.Contains($"\"best_reason\": \"{records["burst_0_copy.png"].DuplicateBestReason}\"", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetectionRerunsBackUpTheResultsTheyReplaceAndRespectTheThreshold()
    {
        using var folder = new PhotoFolder();
        // A copy with a strip cut from its left edge and brightened: its dHash differs by a few bits, none of its views is exact.
        TestImages.SaveScene(folder.PathOf("a.jpg[Q=95]"), 640, 480, 5);
        TestImages.Run("vips", "crop", folder.PathOf("a.jpg"), folder.PathOf("a_edit.ppm"), "13", "0", "627", "480");
        TestImages.Run("vips", "linear", folder.PathOf("a_edit.ppm"), folder.PathOf("a_edit.jpg[Q=60]"), "1.1", "8", "--uchar");
        File.Delete(folder.PathOf("a_edit.ppm"));
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        await host.AnalyzeAsync(catalog);
        var jobs = host.Get<JobService>();

        var first = (await jobs.RunAsync(JobTypes.DetectDuplicates, new JobInput(catalog.Id), null, Ct)).OutputAs<CatalogJobResult>()!;
        var distance = await host.Database.ScalarAsync<int>("SELECT max(distance) FROM lumina.duplicate_members");
        var strict = (await jobs.RunAsync(JobTypes.DetectDuplicates, new JobInput(catalog.Id, SimilarityThreshold: 0), null, Ct)).OutputAs<CatalogJobResult>()!;

        Assert.Equal(1, first.Counts["groups"]);
        Assert.InRange(distance, 1, 5);
        Assert.Null(first.Backup);
        Assert.Equal(0, strict.Counts["groups"]);
        Assert.NotNull(strict.Backup);
        Assert.True(File.Exists(strict.Backup));
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.duplicate_groups"));
        Assert.Equal("0", await host.Database.ScalarAsync<string>("SELECT parameters ->> 'threshold' FROM lumina.catalog_phases WHERE phase = 'duplicates'"));
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

using Lumina.Functions.Catalogs;
using Lumina.Functions.Health;
using Lumina.Functions.Jobs;

namespace Lumina.Functions.Tests;

public sealed class HealthReportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheReportCountsCoverageListsFailuresAndRecommendsJobsInOrder()
    {
        using var folder = new PhotoFolder().WithMixedContent();
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "mixed", Ct);
        await host.AnalyzeAsync(catalog);
        var health = host.Get<HealthService>();

        var afterAnalysis = await health.ReportAsync(catalog, Ct);

        Assert.Equal(7, afterAnalysis.Images);
        Assert.Equal(4, afterAnalysis.Coverage.Single(c => c.Metadata == "perceptual hashes").Count);
        Assert.Equal(1, afterAnalysis.Coverage.Single(c => c.Metadata == "GPS").Count);
        Assert.Equal(1, afterAnalysis.Coverage.Single(c => c.Metadata == "capture date from EXIF").Count);
        Assert.Equal(["cut.jpg", "empty.jpg", "notes.jpg"], afterAnalysis.Failures.Select(f => f.Path));
        Assert.Equal(3, afterAnalysis.Flags.Single(f => f.Step == "hashes").Missing);
        Assert.Equal(["analyze", "geohash", "detect-duplicates", "detect-bursts", "rebuild"], afterAnalysis.Recommendations.Select(r => r.Job));
        Assert.Equal("./lumina run-job geohash mixed --wait", afterAnalysis.Recommendations[1].Command);
        Assert.Equal([1, 2, 3, 4, 5], afterAnalysis.Recommendations.Select(r => r.Priority));

        await host.Get<JobService>().RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);
        var afterRebuild = await health.ReportAsync(catalog, Ct);

        Assert.Equal(["analyze"], afterRebuild.Recommendations.Select(r => r.Job));
        Assert.Equal(["duplicates", "bursts"], afterRebuild.Phases.Select(p => p.Phase).Order().Reverse());
        var markdown = HealthMarkdown.Render(afterRebuild);
        Assert.Contains("| perceptual hashes | 4 | 7 | 57.1% |", markdown);
        Assert.Contains("| cut.jpg | could not decode the jpeg image", markdown);
        Assert.Contains("`./lumina run-job analyze mixed --wait`", markdown);
        var json = System.Text.Json.JsonDocument.Parse(HealthJson.Render(afterRebuild)).RootElement;
        Assert.Equal(7, json.GetProperty("images").GetInt32());
        Assert.Equal(3, json.GetProperty("failures").GetArrayLength());
    }

    [Fact]
    public async Task ImagesChangedAfterADetectionMakeItStale()
    {
        using var folder = new PhotoFolder();
        Testing.TestImages.SaveScene(folder.PathOf("a.jpg"), 200, 150, 1);
        Testing.TestImages.SaveScene(folder.PathOf("b.jpg"), 200, 150, 2);
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        await host.Get<JobService>().RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);
        Assert.Empty((await host.Get<HealthService>().ReportAsync(catalog, Ct)).Recommendations);

        Testing.TestImages.SaveScene(folder.PathOf("c.jpg"), 200, 150, 3);
        await host.AnalyzeAsync(catalog);
        var report = await host.Get<HealthService>().ReportAsync(catalog, Ct);

        var duplicates = Assert.Single(report.Recommendations, r => r.Job == "detect-duplicates");
        Assert.StartsWith("1 image changed since duplicate groups were last detected", duplicates.Reason);
    }
}

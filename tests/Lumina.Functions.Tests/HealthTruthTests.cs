using Lumina.Functions.Catalogs;
using Lumina.Functions.Health;
using Lumina.Functions.Jobs;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary>The health report says what is true: never scanned, unfinished, settled, and "Nothing to do" only when nothing is.</summary>
public sealed class HealthTruthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACatalogNeverScannedSaysSoAndGivesTheCommandWhileAnEmptyScannedOneHasNothingToDo()
    {
        using var folder = new PhotoFolder();
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "fresh", Ct);

        var report = await host.Get<HealthService>().ReportAsync(catalog, Ct);

        Assert.True(report.NeverScanned);
        var rebuild = Assert.Single(report.Recommendations);
        Assert.Equal(("rebuild", "./lumina rebuild fresh"), (rebuild.Job, rebuild.Command));
        var markdown = HealthMarkdown.Render(report);
        Assert.Contains("Never scanned: no photo of this catalog has been read yet.", markdown);
        Assert.DoesNotContain("Nothing to do", markdown);

        await host.AnalyzeAsync(catalog);
        var scanned = await host.Get<HealthService>().ReportAsync(catalog, Ct);
        Assert.False(scanned.NeverScanned);
        Assert.NotNull(scanned.ScannedAt);
        Assert.Empty(scanned.Recommendations);
        Assert.Contains("Nothing to do: the last scan found no photos", HealthMarkdown.Render(scanned));
    }

    [Fact]
    public async Task SettledFailuresAreListedWithWhatToDoAndAreNoWorkToRedo()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("good.jpg"), 320, 240, 1);
        File.WriteAllText(folder.PathOf("corrupt.jpg"), "not a photo at all");
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "settled", Ct);
        var jobs = host.Get<JobService>();
        await jobs.RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);
        var retrying = await host.Get<HealthService>().ReportAsync(catalog, Ct);
        Assert.Equal(["analyze"], retrying.Recommendations.Select(r => r.Job));
        Assert.Contains("tried again by the next run", HealthMarkdown.Render(retrying));

        await jobs.RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);
        await jobs.RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);
        var report = await host.Get<HealthService>().ReportAsync(catalog, Ct);

        Assert.Empty(report.Recommendations);
        Assert.True(Assert.Single(report.Failures).Settled);
        var markdown = HealthMarkdown.Render(report);
        Assert.Contains("## Failed images: 1 (1 settled)", markdown);
        Assert.Contains("| corrupt.jpg | not an image", markdown);
        Assert.Contains("| 3 | settled: replace or fix the file (a changed file is analyzed again), or retry with `--retry-failed` |", markdown);
        Assert.Contains("No job would change anything now: the 1 settled failure above failed every attempt with the same file. Replace that file, or try it again", markdown);
        Assert.Contains("`./lumina analyze settled --retry-failed`", markdown);
        Assert.DoesNotContain("Nothing to do", markdown);
    }

    [Fact]
    public async Task AnUnfinishedRebuildIsNamedWithTheCommandThatResumesIt()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("a.jpg"), 320, 240, 1);
        await using var host = await LuminaTestHost.StartAsync(runWork: false);
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "waiting", Ct);
        var job = await host.Get<JobService>().StartAsync(JobTypes.Rebuild, new JobInput(catalog.Id), Ct);

        var report = await host.Get<HealthService>().ReportAsync(catalog, Ct);

        var unfinished = Assert.Single(report.Unfinished);
        Assert.Equal((job.Id, "rebuild", "pending"), (unfinished.Id, unfinished.Type, unfinished.Status));
        var first = report.Recommendations[0];
        Assert.Equal(("rebuild", "./lumina rebuild waiting"), (first.Job, first.Command));
        Assert.Contains($"rebuild {job.Id} (started ", first.Reason);
        Assert.Contains("has not finished: if its host stopped, this resumes it", first.Reason);
        Assert.Contains($"- {job.Id} (rebuild, pending), started ", HealthMarkdown.Render(report));
    }
}

using Lumina.Functions.Benchmarks;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Configuration;
using Lumina.Functions.Jobs;
using Lumina.Storage.Catalog;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary><c>bench analyze</c> on two photos: both sides run and are checked, and a side whose results fail the check is named, not timed.</summary>
public sealed class AnalyzeBenchmarkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BothSidesAreTimedWithTheirCpuAlternatingWhichGoesFirstAndTheBenchCatalogsAreDeleted()
    {
        await using var host = await LuminaTestHost.StartAsync(runWork: false);
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("wide.jpg"), 2000, 1500, 1);
        TestImages.SaveScene(folder.PathOf("2024/trip/tall.jpg"), 1200, 1800, 2);

        var report = await Benchmark(host).RunAsync(folder.Root, workers: 2, runs: 2, filesPerProcess: 8, Ct);

        Assert.Equal(2, report.Images);
        Assert.Equal(["vipsthumbnail", "analyze"], report.Runs.Select(r => r.First));
        Assert.All(report.Runs, run =>
        {
            Assert.True(run.Analyze.Seconds > 0 && run.Analyze.CpuSecondsPerImage > 0, $"analyze: {run.Analyze}");
            Assert.True(run.Reference.Seconds > 0 && run.Reference.CpuSecondsPerImage > 0, $"vipsthumbnail: {run.Reference}");
        });
        // The command's startup alone (a .NET process, its database and its job) costs more CPU than vipsthumbnail's two previews.
        Assert.True(report.Analyze.CpuSecondsPerImage > report.Reference.CpuSecondsPerImage, $"{report.Analyze} against {report.Reference}");
        Assert.Equal(Math.Round(report.Reference.Seconds / report.Analyze.Seconds, 3), report.Ratio);
        Assert.Matches(@"^\d+\.\d+ \d+\.\d+ \d+\.\d+$", report.LoadBefore);
        Assert.Empty(await host.Get<CatalogRepository>().ListAsync(Ct));
        Assert.False(Directory.Exists(host.Get<CatalogService>().DerivedRoot) && Directory.EnumerateFileSystemEntries(host.Get<CatalogService>().DerivedRoot).Any());
    }

    [Fact]
    public async Task AFileVipsthumbnailCannotReadIsReportedAsTheReferenceFailingNotTimed()
    {
        await using var host = await LuminaTestHost.StartAsync(runWork: false);
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("good.jpg"), 800, 600, 1);
        File.WriteAllText(folder.PathOf("notes.jpg"), "not a photo at all");

        var failure = await Assert.ThrowsAsync<BenchmarkException>(() => Benchmark(host).RunAsync(folder.Root, workers: 2, runs: 1, filesPerProcess: 8, Ct));

        Assert.StartsWith("vipsthumbnail (the reference) exited 255 on ", failure.Message);
        Assert.Contains("notes.jpg", failure.Message);
        Assert.Contains("is not a known file format", failure.Message);
    }

    [Fact]
    public async Task APhotoLuminaCannotAnalyzeIsReportedAsTheAnalyzeSideFailingWithItsError()
    {
        await using var host = await LuminaTestHost.StartAsync(runWork: false);
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("good.jpg"), 800, 600, 1);
        TestImages.SaveScene(folder.PathOf("cut.jpg[Q=95]"), 1200, 900, 2);
        var bytes = File.ReadAllBytes(folder.PathOf("cut.jpg"));
        // vipsthumbnail makes a preview of a truncated JPEG (with a warning); Lumina refuses to show grey where the data ends.
        File.WriteAllBytes(folder.PathOf("cut.jpg"), bytes[..(bytes.Length / 2)]);

        var failure = await Assert.ThrowsAsync<BenchmarkException>(() => Benchmark(host).RunAsync(folder.Root, workers: 2, runs: 1, filesPerProcess: 8, Ct));

        Assert.Matches(@"^the analyze job \S+ analyzed 1 of 2 images \(1 failed\); cut\.jpg: could not decode the jpeg image", failure.Message);
        Assert.Empty(await host.Get<CatalogRepository>().ListAsync(Ct));
    }

    /// <summary>The benchmark over the host's database, its child <c>lumina analyze</c> being the built CLI on the same database and LUMINA_HOME.</summary>
    private static AnalyzeBenchmark Benchmark(LuminaTestHost host)
    {
        var command = new LuminaCommand("dotnet", [Path.Combine(AppContext.BaseDirectory, "lumina.dll")], new Dictionary<string, string>
        {
            ["LUMINA_HOME"] = host.Settings.Home,
            ["LUMINA_POSTGRES"] = host.Database.ConnectionString,
            ["LUMINA_DURABLE_PROVIDER"] = DurableProviders.Postgres,
            ["LUMINA_TASK_HUB"] = host.Settings.TaskHub,
        });
        var run = new AnalyzeCommandRun(
            command, host.Get<CatalogRepository>(), host.Get<CatalogService>(), host.Get<JobService>(), host.Get<ImageRepository>());
        return new AnalyzeBenchmark(run, host.Settings);
    }
}

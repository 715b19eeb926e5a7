using Lumina.Functions.Catalogs;
using Lumina.Functions.Jobs;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary>Failures that settle, and catalog-wide phases that do not run again over inputs that did not change.</summary>
public sealed class SettledFailuresTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASecondRebuildOfAnUnchangedFolderHoldingACorruptFileWritesNoBackupAndRunsNoDetection()
    {
        using var folder = new PhotoFolder();
        for (var frame = 0; frame < 2; frame++)
        {
            var name = $"burst_{frame}.jpg";
            TestImages.SaveScene(folder.PathOf(name + "[Q=92]"), 640, 480, 20 + frame * 100);
            TestImages.Tag(folder.PathOf(name), ("Make", "Lumina"), ("Model", "Burst Cam"), ("DateTimeOriginal", "2024:06:01 12:00:00"),
                ("SubSecTimeOriginal", $"{frame * 4}00"));
        }

        TestImages.Run("vips", "copy", folder.PathOf("burst_0.jpg"), folder.PathOf("burst_0_copy.png"));
        File.WriteAllText(folder.PathOf("corrupt.jpg"), "not a photo at all");
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        var jobs = host.Get<JobService>();
        var first = await jobs.RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, first.RuntimeStatus);
        var groups = await host.Database.ScalarAsync<string>("SELECT string_agg(id::text, ',' ORDER BY id) FROM lumina.duplicate_groups");
        var bursts = await host.Database.ScalarAsync<string>("SELECT string_agg(id::text, ',' ORDER BY id) FROM lumina.bursts");
        Assert.NotNull(groups);
        Assert.NotNull(bursts);
        var failedAt = await host.Database.ScalarAsync<DateTime>("SELECT updated_at FROM lumina.images WHERE path = 'corrupt.jpg'");

        var second = await jobs.RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);

        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, second.RuntimeStatus);
        var phases = second.Progress!.Phases!.ToDictionary(p => p.Name);
        Assert.Equal("unchanged", phases["duplicates"].Status);
        Assert.Equal("unchanged", phases["bursts"].Status);
        Assert.False(Directory.Exists(Path.Combine(host.Settings.Home, "backups")), "no backup is written when nothing is regrouped");
        Assert.Equal(groups, await host.Database.ScalarAsync<string>("SELECT string_agg(id::text, ',' ORDER BY id) FROM lumina.duplicate_groups"));
        Assert.Equal(bursts, await host.Database.ScalarAsync<string>("SELECT string_agg(id::text, ',' ORDER BY id) FROM lumina.bursts"));
        Assert.Equal(2, await host.Database.ScalarAsync<int>("SELECT failed_attempts FROM lumina.images WHERE path = 'corrupt.jpg'"));
        Assert.Equal(failedAt, await host.Database.ScalarAsync<DateTime>("SELECT updated_at FROM lumina.images WHERE path = 'corrupt.jpg'"));
    }

    [Fact]
    public async Task AFileThatFailsThreeTimesSettlesUntilItChangesOrARetryIsAsked()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("good.jpg"), 320, 240, 1);
        File.WriteAllText(folder.PathOf("corrupt.jpg"), "not a photo at all");
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);

        var attempts = new List<ImageJobResult>();
        for (var run = 0; run < 4; run++)
        {
            attempts.Add(await host.AnalyzeAsync(catalog));
        }

        Assert.Equal([1, 1, 1, 0], attempts.Select(a => a.Failed));
        Assert.Equal([0, 0, 0, 1], attempts.Select(a => a.Settled));
        Assert.Equal(1, attempts[3].Unchanged);
        Assert.StartsWith("not an image", Assert.Single(await host.FailuresAsync(catalog)).Error);
        Assert.Equal(3, await host.Database.ScalarAsync<int>("SELECT failed_attempts FROM lumina.images WHERE path = 'corrupt.jpg'"));

        var retried = (await host.Get<JobService>().RunAsync(JobTypes.Analyze, new JobInput(catalog.Id, RetryFailed: true), null, Ct)).OutputAs<ImageJobResult>()!;
        Assert.Equal((1, 0), (retried.Failed, retried.Settled));
        Assert.Equal(4, await host.Database.ScalarAsync<int>("SELECT failed_attempts FROM lumina.images WHERE path = 'corrupt.jpg'"));

        TestImages.SaveScene(folder.PathOf("corrupt.jpg"), 320, 240, 2);
        var replaced = await host.AnalyzeAsync(catalog);
        Assert.Equal((1, 0, 0), (replaced.Analyzed, replaced.Failed, replaced.Settled));
        Assert.Empty(await host.FailuresAsync(catalog));
    }
}

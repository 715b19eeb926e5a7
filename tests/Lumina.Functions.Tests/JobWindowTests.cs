using DurableTask.Core.History;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Configuration;
using Lumina.Functions.Jobs;
using Lumina.Testing;
using Microsoft.DurableTask.Client;

namespace Lumina.Functions.Tests;

/// <summary>Per-image jobs with more batches than LUMINA_JOB_WINDOW: several executions, each with a bounded history.</summary>
public sealed class JobWindowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DurableProviders.Postgres)]
    [InlineData(DurableProviders.AzureStorage)]
    public async Task ARebuildsAnalysisOverMoreBatchesThanTheWindowContinuesAsNewAndCountsAsOneExecutionWould(string provider)
    {
        using var folder = new PhotoFolder().WithMixedContent();
        var onProvider = await LuminaTestHost.OnProviderAsync(provider);
        // Seven files in batches of one: four executions of at most two batches.
        await using var host = await LuminaTestHost.StartAsync(s => onProvider(s) with { BatchSize = 1, JobWindow = 2 });
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "mixed", Ct);

        var rebuild = await host.Get<JobService>().RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);

        Assert.True(rebuild.RuntimeStatus == OrchestrationRuntimeStatus.Completed, rebuild.Error);
        var analysis = rebuild.Phases!.Single(p => p.Type == "analysis");
        var result = analysis.OutputAs<ImageJobResult>()!;
        // The counts AnalyzeJobTests finds for this folder in one execution.
        Assert.Equal((7, 0, 4, 3, 0), (result.Found, result.Unchanged, result.Analyzed, result.Failed, result.MarkedRemoved));
        Assert.Equal((7, 7, 3), (analysis.Progress!.Done, analysis.Progress.Total, analysis.Progress.Failed));
        Assert.Equal(3, (await host.FailuresAsync(catalog)).Count);
        // The history kept is the last execution's: its one batch (the seventh) and the finish, not the plan and seven batches.
        var history = await host.Get<DurableTaskClient>().GetOrchestrationHistoryAsync(analysis.Id, Ct);
        Assert.Equal(2, history.OfType<TaskScheduledEvent>().Count());
        Assert.Contains("continued", history.OfType<ExecutionStartedEvent>().Single().Input, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CancellingAJobInALaterExecutionEndsItAndAtMostTheWindowsQueuedBatchesStillRun()
    {
        using var folder = new PhotoFolder();
        const int photos = 24;
        for (var i = 0; i < photos; i++)
        {
            TestImages.SaveScene(folder.PathOf($"p{i:D2}.jpg"), 1200, 900, i);
        }

        const int window = 4;
        await using var host = await LuminaTestHost.StartAsync(s => s with { Workers = 1, BatchSize = 1, JobWindow = window });
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "busy", Ct);
        var jobs = host.Get<JobService>();
        var job = await jobs.StartAsync(JobTypes.Analyze, new JobInput(catalog.Id), Ct);
        var status = job;
        for (var wait = 0; wait < 2400 && status.Progress?.Done is not > window; wait++)
        {
            await Task.Delay(50, Ct);
            status = (await jobs.GetAsync(job.Id, Ct))!;
        }

        Assert.True(status.Progress?.Done > window, $"the job did not pass its first execution: {status.Progress}");
        var cancelled = await jobs.CancelAsync(job.Id, Ct);
        var done = await jobs.WaitAsync(job.Id, null, Ct);
        var analyzedAtCancel = cancelled.Progress!.Done;

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        // Batches already queued may still run (their results are dropped); none of a later execution is scheduled.
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        var analyzed = await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.images");
        Assert.True(analyzed <= analyzedAtCancel + window && analyzed < photos, $"{analyzed} of {photos} analyzed, {analyzedAtCancel} when cancelled");
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        Assert.Equal(analyzed, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.images"));
    }
}

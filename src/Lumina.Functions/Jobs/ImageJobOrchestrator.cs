using Microsoft.DurableTask;
using Lumina.Functions.Analysis;

namespace Lumina.Functions.Jobs;

/// <summary>
/// A per-image job (analyze, thumbnails, hashes, quality, clip; the registered name is the type): plans the images
/// that need it, runs one activity per batch and reports progress as batches complete. An execution runs at most the
/// plan's window of batches side by side, waits for them, and continues as new with the counts (<see cref="ImageJobRun"/>):
/// each history holds a bounded number of events however large the catalog, where one execution over every batch
/// would replay a history growing with the catalog on each completion.
/// </summary>
public sealed class ImageJobOrchestrator : TaskOrchestrator<JobInput, ImageJobResult>
{
    private static readonly TaskOptions BatchRetry = new(new RetryPolicy(3, TimeSpan.FromSeconds(5), backoffCoefficient: 2));

    public override async Task<ImageJobResult> RunAsync(TaskOrchestrationContext context, JobInput input)
    {
        var type = context.Name.Name;
        var progress = JobProgress.Start(type, "planning");
        var run = input.Continued;
        if (run is null)
        {
            context.SetCustomStatus(progress);
            var planned = await context.CallActivityAsync<PlannedImages>(
                PlanImagesActivity.Name, new PlanImagesInput(context.InstanceId, input.CatalogId, type, input.Force, input.RetryFailed), BatchRetry);
            run = new ImageJobRun(planned, context.CurrentUtcDateTime, 0, new ImageJobTally());
        }

        var plan = run.Plan;
        var tally = run.Tally;
        var end = (int)Math.Min(plan.Batches, (long)run.NextBatch + plan.Window);
        var pending = Enumerable.Range(run.NextBatch, end - run.NextBatch)
            .Select(b => context.CallActivityAsync<AnalyzeBatchResult>(AnalyzeBatchActivity.Name, new BatchRef(context.InstanceId, input.CatalogId, b), BatchRetry))
            .ToList();
        context.SetCustomStatus(progress = progress.Advance("analyzing", tally.Done, plan.Images, tally.Failed, context.CurrentUtcDateTime - run.Started));
        while (pending.Count > 0)
        {
            var finished = await Task.WhenAny(pending);
            pending.Remove(finished);
            tally = tally.Add(await finished, plan.RemovedAt);
            context.SetCustomStatus(progress = progress.Advance("analyzing", tally.Done, plan.Images, tally.Failed, context.CurrentUtcDateTime - run.Started));
        }

        if (end < plan.Batches)
        {
            context.ContinueAsNew(input with { Continued = run with { NextBatch = end, Tally = tally } });
            return null!;
        }

        await context.CallActivityAsync<bool>(FinishJobActivity.Name, context.InstanceId, BatchRetry);
        context.SetCustomStatus(progress with { Phase = "completed" });
        // An image that moved was marked removed when its old path was missing from the listing.
        return new ImageJobResult(
            plan.Found, plan.Unchanged + tally.Kept, tally.Analyzed, tally.Failed, plan.MarkedRemoved - tally.MovedVanished, plan.Backup, plan.Settled, tally.Moved);
    }
}

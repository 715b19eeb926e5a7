using Microsoft.DurableTask;
using Lumina.Functions.Analysis;

namespace Lumina.Functions.Jobs;

/// <summary>
/// A per-image job (analyze, thumbnails, hashes, quality; the registered name is the type): plans the
/// images that need it, fans out one activity per batch, and reports progress as batches complete.
/// </summary>
public sealed class ImageJobOrchestrator : TaskOrchestrator<JobInput, ImageJobResult>
{
    private static readonly TaskOptions BatchRetry = new(new RetryPolicy(3, TimeSpan.FromSeconds(5), backoffCoefficient: 2));

    public override async Task<ImageJobResult> RunAsync(TaskOrchestrationContext context, JobInput input)
    {
        var type = context.Name.Name;
        var progress = JobProgress.Start(type, "planning");
        context.SetCustomStatus(progress);
        var plan = await context.CallActivityAsync<PlannedImages>(
            PlanImagesActivity.Name, new PlanImagesInput(context.InstanceId, input.CatalogId, type, input.Force, input.RetryFailed), BatchRetry);

        var started = context.CurrentUtcDateTime;
        var pending = Enumerable.Range(0, plan.Batches)
            .Select(b => context.CallActivityAsync<AnalyzeBatchResult>(AnalyzeBatchActivity.Name, new BatchRef(context.InstanceId, input.CatalogId, b), BatchRetry))
            .ToList();
        int done = 0, analyzed = 0, failed = 0, kept = 0, moved = 0, movedVanished = 0;
        context.SetCustomStatus(progress = progress.Advance("analyzing", 0, plan.Images, 0, TimeSpan.Zero));
        while (pending.Count > 0)
        {
            var finished = await Task.WhenAny(pending);
            pending.Remove(finished);
            var result = await finished;
            done += result.Analyzed + result.Failed + result.Touched + result.MovedKept;
            analyzed += result.Analyzed;
            failed += result.Failed;
            kept += result.Touched;
            moved += result.MovedFrom.Count;
            movedVanished += result.MovedFrom.Count(removedAt => removedAt == plan.RemovedAt);
            context.SetCustomStatus(progress = progress.Advance("analyzing", done, plan.Images, failed, context.CurrentUtcDateTime - started));
        }

        await context.CallActivityAsync<bool>(FinishJobActivity.Name, context.InstanceId, BatchRetry);
        context.SetCustomStatus(progress with { Phase = "completed" });
        // An image that moved was marked removed when its old path was missing from the listing.
        return new ImageJobResult(plan.Found, plan.Unchanged + kept, analyzed, failed, plan.MarkedRemoved - movedVanished, plan.Backup, plan.Settled, moved);
    }
}

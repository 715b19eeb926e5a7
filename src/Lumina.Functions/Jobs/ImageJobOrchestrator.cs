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
            PlanImagesActivity.Name, new PlanImagesInput(context.InstanceId, input.CatalogId, type, input.Force), BatchRetry);

        var started = context.CurrentUtcDateTime;
        var pending = Enumerable.Range(0, plan.Batches)
            .Select(b => context.CallActivityAsync<AnalyzeBatchResult>(AnalyzeBatchActivity.Name, new BatchRef(context.InstanceId, input.CatalogId, b), BatchRetry))
            .ToList();
        long done = 0, failed = 0;
        context.SetCustomStatus(progress = progress.Advance("analyzing", 0, plan.Images, 0, TimeSpan.Zero));
        while (pending.Count > 0)
        {
            var finished = await Task.WhenAny(pending);
            pending.Remove(finished);
            var result = await finished;
            done += result.Analyzed + result.Failed;
            failed += result.Failed;
            context.SetCustomStatus(progress = progress.Advance("analyzing", done, plan.Images, failed, context.CurrentUtcDateTime - started));
        }

        await context.CallActivityAsync<bool>(FinishJobActivity.Name, context.InstanceId, BatchRetry);
        context.SetCustomStatus(progress with { Phase = "completed" });
        return new ImageJobResult(plan.Found, plan.Unchanged, (int)(done - failed), (int)failed, plan.MarkedRemoved, plan.Backup);
    }
}

using Lumina.Functions.Analysis;
using Lumina.Functions.Catalogs;
using Lumina.Storage.Catalog;
using Microsoft.DurableTask;

namespace Lumina.Functions.Jobs;

public sealed record PlanImagesInput(string JobId, Guid CatalogId, string Type, bool Force, bool RetryFailed = false);

/// <summary>
/// A per-image job's plan. <see cref="Window"/>: batches per execution of the job's orchestration (LUMINA_JOB_WINDOW when
/// planned; a plan from before it existed has none, so its instance replays as it first ran).
/// </summary>
public sealed record PlannedImages(
    int Batches, int Images, int Found, int Unchanged, int MarkedRemoved, string? Backup, int Settled = 0, DateTimeOffset? RemovedAt = null,
    int Window = int.MaxValue);

public sealed record BatchRef(string JobId, Guid CatalogId, int Batch);

/// <summary>
/// Plans a per-image job: the images lacking the job's steps (all of them when forced, after a backup; settled
/// failures only when asked), stored as batches of at most LUMINA_BATCH_SIZE for the batch activities.
/// </summary>
public sealed class PlanImagesActivity(
    CatalogRepository catalogs, ImagePlanner planner, JobRepository jobs, CatalogBackups backups, ImageRepository images, Clip.ClipService clip,
    Configuration.LuminaSettings settings)
    : TaskActivity<PlanImagesInput, PlannedImages>
{
    public const string Name = "plan-images";

    public override async Task<PlannedImages> RunAsync(TaskActivityContext context, PlanImagesInput input)
    {
        var ct = CancellationToken.None;
        var catalog = await catalogs.GetAsync(input.CatalogId.ToString(), ct);
        var backup = input.Force ? (await backups.BackupAsync(catalog, $"before-forced-{input.Type}", null, ct)).Location : null;
        if (input.Type == JobTypes.Clip)
        {
            await images.ForgetEmbeddingsOfOtherModelsAsync(catalog.Id, await clip.IdentityAsync(ct), ct);
        }

        var plan = await planner.PlanAsync(catalog, JobTypes.PerImage[input.Type], input.Force, input.RetryFailed, ct);
        // Small jobs get smaller batches, so that every worker has several to take.
        var size = Math.Clamp((int)Math.Ceiling(plan.ToAnalyze.Count / (settings.Workers * 4.0)), 1, settings.BatchSize);
        var batches = plan.ToAnalyze.Chunk(size).Select(b => (IReadOnlyList<Core.Pipeline.OriginalFile>)b).ToList();
        await jobs.WriteBatchesAsync(input.JobId, batches, ct);
        return new PlannedImages(
            batches.Count, plan.ToAnalyze.Count, plan.Found, plan.Unchanged, plan.MarkedRemoved, backup, plan.Settled, plan.RemovedAt, settings.JobWindow);
    }
}

/// <summary>Analyzes one stored batch of a job: read once, decode once, one transaction; once, however often it runs.</summary>
public sealed class AnalyzeBatchActivity(AnalyzeBatch batch) : TaskActivity<BatchRef, AnalyzeBatchResult>
{
    public const string Name = "analyze-batch";

    public override Task<AnalyzeBatchResult> RunAsync(TaskActivityContext context, BatchRef input) =>
        batch.RunJobBatchAsync(input.JobId, input.CatalogId, input.Batch, CancellationToken.None);
}

/// <summary>Drops a finished job's batch lists.</summary>
public sealed class FinishJobActivity(JobRepository jobs) : TaskActivity<string, bool>
{
    public const string Name = "finish-job";

    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        await jobs.DeleteBatchesAsync(input, CancellationToken.None);
        return true;
    }
}

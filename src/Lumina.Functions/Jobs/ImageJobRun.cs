using Lumina.Functions.Analysis;

namespace Lumina.Functions.Jobs;

/// <summary>
/// What a per-image job carries from one execution of its orchestration to the next (it continues as new every
/// <see cref="PlannedImages.Window"/> batches): the plan, when the work began, the next batch and the counts so far.
/// </summary>
public sealed record ImageJobRun(PlannedImages Plan, DateTime Started, int NextBatch, ImageJobTally Tally);

/// <summary>The counts of a per-image job's finished batches.</summary>
public sealed record ImageJobTally(int Done = 0, int Analyzed = 0, int Failed = 0, int Kept = 0, int Moved = 0, int MovedVanished = 0)
{
    /// <summary>The counts with one more batch's result; a move counts as vanished when its old image was marked removed by this job's plan.</summary>
    public ImageJobTally Add(AnalyzeBatchResult result, DateTimeOffset? removedAt) => new(
        Done + result.Analyzed + result.Failed + result.Touched + result.MovedKept,
        Analyzed + result.Analyzed,
        Failed + result.Failed,
        Kept + result.Touched,
        Moved + result.MovedFrom.Count,
        MovedVanished + result.MovedFrom.Count(at => at == removedAt));
}

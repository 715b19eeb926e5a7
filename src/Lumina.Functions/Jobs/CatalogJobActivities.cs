using Microsoft.DurableTask;

namespace Lumina.Functions.Jobs;

/// <summary>One activity per catalog-wide phase, named like its job.</summary>
public sealed class GeohashActivity(CatalogPhases phases) : TaskActivity<JobInput, CatalogJobResult>
{
    public override Task<CatalogJobResult> RunAsync(TaskActivityContext context, JobInput input) =>
        phases.GeohashAsync(input.CatalogId, input.Force, CancellationToken.None);
}

public sealed class DetectDuplicatesActivity(CatalogPhases phases) : TaskActivity<JobInput, CatalogJobResult>
{
    public override Task<CatalogJobResult> RunAsync(TaskActivityContext context, JobInput input) =>
        phases.DetectDuplicatesAsync(
            input.CatalogId, input.SimilarityThreshold, input.UseEmbeddings ? input.EmbeddingSimilarity : null, input.Force, CancellationToken.None);
}

public sealed class DetectBurstsActivity(CatalogPhases phases) : TaskActivity<JobInput, CatalogJobResult>
{
    public override Task<CatalogJobResult> RunAsync(TaskActivityContext context, JobInput input) =>
        phases.DetectBurstsAsync(input.CatalogId, input.BurstGapSeconds, input.Force, CancellationToken.None);
}

public sealed class BackfillFlagsActivity(CatalogPhases phases) : TaskActivity<JobInput, CatalogJobResult>
{
    public override Task<CatalogJobResult> RunAsync(TaskActivityContext context, JobInput input) =>
        phases.BackfillFlagsAsync(input.CatalogId, CancellationToken.None);
}

public sealed class AutoTagActivity(CatalogPhases phases) : TaskActivity<JobInput, CatalogJobResult>
{
    public override Task<CatalogJobResult> RunAsync(TaskActivityContext context, JobInput input) =>
        phases.AutoTagAsync(input.CatalogId, input.Force, CancellationToken.None);
}

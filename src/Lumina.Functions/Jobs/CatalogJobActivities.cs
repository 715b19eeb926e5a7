using Lumina.Durable.Activities;

namespace Lumina.Functions.Jobs;

/// <summary>One activity per catalog-wide phase, named like its job.</summary>
public sealed class GeohashActivity(CatalogPhases phases) : Activity<JobInput, CatalogJobResult>
{
    public override Task<CatalogJobResult> RunAsync(ActivityContext context, JobInput input) =>
        phases.GeohashAsync(input.CatalogId, input.Force, context.CancellationToken);
}

public sealed class DetectDuplicatesActivity(CatalogPhases phases) : Activity<JobInput, CatalogJobResult>
{
    public override Task<CatalogJobResult> RunAsync(ActivityContext context, JobInput input) =>
        phases.DetectDuplicatesAsync(
            input.CatalogId, input.SimilarityThreshold, input.UseEmbeddings ? input.EmbeddingSimilarity : null, input.Force, context.CancellationToken);
}

public sealed class DetectBurstsActivity(CatalogPhases phases) : Activity<JobInput, CatalogJobResult>
{
    public override Task<CatalogJobResult> RunAsync(ActivityContext context, JobInput input) =>
        phases.DetectBurstsAsync(input.CatalogId, input.BurstGapSeconds, input.Force, context.CancellationToken);
}

public sealed class BackfillFlagsActivity(CatalogPhases phases) : Activity<JobInput, CatalogJobResult>
{
    public override Task<CatalogJobResult> RunAsync(ActivityContext context, JobInput input) =>
        phases.BackfillFlagsAsync(input.CatalogId, context.CancellationToken);
}

public sealed class AutoTagActivity(CatalogPhases phases) : Activity<JobInput, CatalogJobResult>
{
    public override Task<CatalogJobResult> RunAsync(ActivityContext context, JobInput input) =>
        phases.AutoTagAsync(input.CatalogId, input.Force, context.CancellationToken);
}

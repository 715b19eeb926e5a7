using Lumina.Functions.Jobs;
using Lumina.Functions.Triggers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Lumina.AzureFunctions.Durable;

/// <summary>
/// One orchestration function per name Lumina registers its orchestrators under (<see cref="JobRegistration.Tasks"/>),
/// each running the orchestrator class, so the orchestration code exists once for every host.
/// </summary>
public static class JobOrchestrations
{
    [Function(JobTypes.Analyze)]
    public static Task<ImageJobResult> Analyze([OrchestrationTrigger] TaskOrchestrationContext context) => ImageJob(context);

    [Function(JobTypes.Thumbnails)]
    public static Task<ImageJobResult> Thumbnails([OrchestrationTrigger] TaskOrchestrationContext context) => ImageJob(context);

    [Function(JobTypes.Hashes)]
    public static Task<ImageJobResult> Hashes([OrchestrationTrigger] TaskOrchestrationContext context) => ImageJob(context);

    [Function(JobTypes.Quality)]
    public static Task<ImageJobResult> Quality([OrchestrationTrigger] TaskOrchestrationContext context) => ImageJob(context);

    [Function(JobTypes.Clip)]
    public static Task<ImageJobResult> Clip([OrchestrationTrigger] TaskOrchestrationContext context) => ImageJob(context);

    [Function(JobTypes.Geohash)]
    public static Task<CatalogJobResult> Geohash([OrchestrationTrigger] TaskOrchestrationContext context) => CatalogJob(context);

    [Function(JobTypes.DetectDuplicates)]
    public static Task<CatalogJobResult> DetectDuplicates([OrchestrationTrigger] TaskOrchestrationContext context) => CatalogJob(context);

    [Function(JobTypes.DetectBursts)]
    public static Task<CatalogJobResult> DetectBursts([OrchestrationTrigger] TaskOrchestrationContext context) => CatalogJob(context);

    [Function(JobTypes.BackfillFlags)]
    public static Task<CatalogJobResult> BackfillFlags([OrchestrationTrigger] TaskOrchestrationContext context) => CatalogJob(context);

    [Function(JobTypes.AutoTag)]
    public static Task<CatalogJobResult> AutoTag([OrchestrationTrigger] TaskOrchestrationContext context) => CatalogJob(context);

    [Function(JobTypes.Rebuild)]
    public static Task<RebuildResult> Rebuild([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RebuildOrchestrator().RunAsync(context, Input<JobInput>(context));

    [Function(IngestOrchestrator.Name)]
    public static Task<IngestResult> Ingest([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new IngestOrchestrator().RunAsync(context, Input<IngestInput>(context));

    private static Task<ImageJobResult> ImageJob(TaskOrchestrationContext context) => new ImageJobOrchestrator().RunAsync(context, Input<JobInput>(context));

    private static Task<CatalogJobResult> CatalogJob(TaskOrchestrationContext context) => new CatalogJobOrchestrator().RunAsync(context, Input<JobInput>(context));

    private static T Input<T>(TaskOrchestrationContext context) =>
        context.GetInput<T>() ?? throw new ArgumentException($"orchestration '{context.Name}' ({context.InstanceId}) was started without its {typeof(T).Name}");
}

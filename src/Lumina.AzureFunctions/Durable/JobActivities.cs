using Lumina.Functions.Analysis;
using Lumina.Functions.Jobs;
using Lumina.Functions.Triggers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Lumina.AzureFunctions.Durable;

/// <summary>
/// One activity function per name Lumina registers its activities under (<see cref="JobRegistration.Tasks"/>): each
/// makes the activity class from the invocation's DI scope and runs it.
/// </summary>
public static class JobActivities
{
    private const string RunPrefix = "run-";

    [Function(PlanImagesActivity.Name)]
    public static Task<PlannedImages> PlanImages([ActivityTrigger] PlanImagesInput input, string instanceId, FunctionContext function) =>
        Create<PlanImagesActivity>(function).RunAsync(Context(PlanImagesActivity.Name, instanceId), input);

    [Function(AnalyzeBatchActivity.Name)]
    public static Task<AnalyzeBatchResult> AnalyzeBatch([ActivityTrigger] BatchRef input, string instanceId, FunctionContext function) =>
        Create<AnalyzeBatchActivity>(function).RunAsync(Context(AnalyzeBatchActivity.Name, instanceId), input);

    [Function(FinishJobActivity.Name)]
    public static Task<bool> FinishJob([ActivityTrigger] string jobId, string instanceId, FunctionContext function) =>
        Create<FinishJobActivity>(function).RunAsync(Context(FinishJobActivity.Name, instanceId), jobId);

    [Function(RunPrefix + JobTypes.Geohash)]
    public static Task<CatalogJobResult> Geohash([ActivityTrigger] JobInput input, string instanceId, FunctionContext function) =>
        Create<GeohashActivity>(function).RunAsync(Context(RunPrefix + JobTypes.Geohash, instanceId), input);

    [Function(RunPrefix + JobTypes.DetectDuplicates)]
    public static Task<CatalogJobResult> DetectDuplicates([ActivityTrigger] JobInput input, string instanceId, FunctionContext function) =>
        Create<DetectDuplicatesActivity>(function).RunAsync(Context(RunPrefix + JobTypes.DetectDuplicates, instanceId), input);

    [Function(RunPrefix + JobTypes.DetectBursts)]
    public static Task<CatalogJobResult> DetectBursts([ActivityTrigger] JobInput input, string instanceId, FunctionContext function) =>
        Create<DetectBurstsActivity>(function).RunAsync(Context(RunPrefix + JobTypes.DetectBursts, instanceId), input);

    [Function(RunPrefix + JobTypes.BackfillFlags)]
    public static Task<CatalogJobResult> BackfillFlags([ActivityTrigger] JobInput input, string instanceId, FunctionContext function) =>
        Create<BackfillFlagsActivity>(function).RunAsync(Context(RunPrefix + JobTypes.BackfillFlags, instanceId), input);

    [Function(RunPrefix + JobTypes.AutoTag)]
    public static Task<CatalogJobResult> AutoTag([ActivityTrigger] JobInput input, string instanceId, FunctionContext function) =>
        Create<AutoTagActivity>(function).RunAsync(Context(RunPrefix + JobTypes.AutoTag, instanceId), input);

    [Function(HealthSummaryActivity.Name)]
    public static Task<HealthSummary> HealthSummary(
        [ActivityTrigger] Guid catalogId, string instanceId, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        Create<HealthSummaryActivity>(function, function.InstanceServices.GetRequiredService<DurableServices>().Health(client))
            .RunAsync(Context(HealthSummaryActivity.Name, instanceId), catalogId);

    [Function(IngestImageActivity.Name)]
    public static Task<string> IngestImage([ActivityTrigger] IngestInput input, string instanceId, FunctionContext function) =>
        Create<IngestImageActivity>(function).RunAsync(Context(IngestImageActivity.Name, instanceId), input);

    [Function(RecordReceiptActivity.Name)]
    public static Task<bool> RecordReceipt([ActivityTrigger] ReceiptOutcome input, string instanceId, FunctionContext function) =>
        Create<RecordReceiptActivity>(function).RunAsync(Context(RecordReceiptActivity.Name, instanceId), input);

    private static T Create<T>(FunctionContext function, params object[] services) where T : ITaskActivity =>
        ActivatorUtilities.CreateInstance<T>(function.InstanceServices, services);

    private static FunctionActivityContext Context(string name, string instanceId) => new(name, instanceId);
}

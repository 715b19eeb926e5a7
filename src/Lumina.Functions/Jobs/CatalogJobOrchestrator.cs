using Microsoft.DurableTask;

namespace Lumina.Functions.Jobs;

/// <summary>A catalog-wide job (geohash, detect-duplicates, detect-bursts, backfill-flags): one activity of the same name.</summary>
public sealed class CatalogJobOrchestrator : TaskOrchestrator<JobInput, CatalogJobResult>
{
    private static readonly TaskOptions Retry = new(new RetryPolicy(3, TimeSpan.FromSeconds(5), backoffCoefficient: 2));

    public override async Task<CatalogJobResult> RunAsync(TaskOrchestrationContext context, JobInput input)
    {
        context.SetCustomStatus(JobProgress.Start(context.Name.Name, "running"));
        var result = await context.CallActivityAsync<CatalogJobResult>(ActivityName(context.Name.Name), input, Retry);
        context.SetCustomStatus(JobProgress.Start(context.Name.Name, result.Ran ? "completed" : "unchanged"));
        return result;
    }

    /// <summary>The activity behind a catalog-wide job.</summary>
    public static string ActivityName(string job) => $"run-{job}";
}

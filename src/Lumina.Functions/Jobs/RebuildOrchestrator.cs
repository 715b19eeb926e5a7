using Microsoft.DurableTask;

namespace Lumina.Functions.Jobs;

/// <summary>
/// The whole rebuild of a catalog as one job: the analysis first (everything decode-based), then
/// geohash and duplicate detection side by side, bursts once both exist (places split bursts, and copies
/// of one frame count once), then the health report. With a CLIP model, embeddings (usually already made
/// by the analysis' decode) and then auto-tags run beside them.
/// Each phase runs as the job of the same name (a sub-orchestration); a failed phase is reported and
/// the phases that do not depend on it still run.
/// </summary>
public sealed class RebuildOrchestrator : TaskOrchestrator<JobInput, RebuildResult>
{
    private static readonly TaskOptions Retry = new(new RetryPolicy(3, TimeSpan.FromSeconds(5), backoffCoefficient: 2));

    public override async Task<RebuildResult> RunAsync(TaskOrchestrationContext context, JobInput input)
    {
        List<PhaseState> phases =
        [
            new("analysis", "pending"), .. input.IncludeClip ? [new PhaseState("clip", "pending"), new PhaseState("tags", "pending")] : Array.Empty<PhaseState>(),
            new("geohash", "pending"), new("duplicates", "pending"), new("bursts", "pending"), new("health", "pending"),
        ];

        void Report(string name, string status, string? detail = null)
        {
            var index = phases.FindIndex(p => p.Name == name);
            phases[index] = phases[index] with { Status = status, Detail = detail ?? phases[index].Detail };
            var running = phases.Where(p => p.Status == "running").Select(p => p.Name).ToList();
            context.SetCustomStatus(JobProgress.Start(JobTypes.Rebuild, running.Count == 0 ? status : string.Join("+", running)) with { Phases = [.. phases] });
        }

        async Task<bool> RunPhaseAsync<T>(string name, string job, Func<T, string> describe)
        {
            var id = $"{context.InstanceId}:{name}";
            var index = phases.FindIndex(p => p.Name == name);
            phases[index] = phases[index] with { JobId = id };
            Report(name, "running");
            try
            {
                var result = await context.CallSubOrchestratorAsync<T>(job, input, new SubOrchestrationOptions(instanceId: id));
                Report(name, result is CatalogJobResult { Ran: false } ? "unchanged" : "completed", describe(result));
                return true;
            }
            catch (TaskFailedException e)
            {
                Report(name, "failed", e.Message);
                return false;
            }
        }

        await RunPhaseAsync<ImageJobResult>("analysis", JobTypes.Analyze,
            r => $"{r.Analyzed:N0} analyzed, {r.Failed:N0} failed, {r.Unchanged:N0} unchanged, {r.MarkedRemoved:N0} marked removed");
        var tags = input.IncludeClip ? RunClipPhasesAsync() : Task.CompletedTask;
        var duplicates = RunPhaseAsync<CatalogJobResult>("duplicates", JobTypes.DetectDuplicates, r => r.Summary);
        var geohash = await RunPhaseAsync<CatalogJobResult>("geohash", JobTypes.Geohash, r => r.Summary);
        if (geohash && await duplicates)
        {
            await RunPhaseAsync<CatalogJobResult>("bursts", JobTypes.DetectBursts, r => r.Summary);
        }
        else
        {
            Report("bursts", "skipped", "needs geohashes and duplicate groups, and a phase before it failed");
        }

        await tags;
        Report("health", "running");
        var health = await context.CallActivityAsync<HealthSummary>(HealthSummaryActivity.Name, input.CatalogId, Retry);
        Report("health", "completed", health.Summary);

        async Task RunClipPhasesAsync()
        {
            if (await RunPhaseAsync<ImageJobResult>("clip", JobTypes.Clip, r => $"{r.Analyzed:N0} embedded, {r.Failed:N0} failed"))
            {
                await RunPhaseAsync<CatalogJobResult>("tags", JobTypes.AutoTag, r => r.Summary);
            }
            else
            {
                Report("tags", "skipped", "needs embeddings, and the clip phase failed");
            }
        }

        var failed = phases.Where(p => p.Status is "failed" or "skipped").ToList();
        if (failed.Count > 0)
        {
            throw new InvalidOperationException($"rebuild finished with {string.Join(", ", failed.Select(p => $"{p.Name} {p.Status}: {p.Detail}"))}");
        }

        return new RebuildResult(phases, health.Recommendations, health.Summary);
    }
}

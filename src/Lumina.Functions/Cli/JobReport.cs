using Lumina.Functions.Jobs;
using Lumina.Functions.Text;

namespace Lumina.Functions.Cli;

/// <summary>
/// A job in words for the terminal: a header, then each phase of a rebuild once with what it did (or its live
/// progress), or a job's result, and its error; never the raw JSON (that is <c>jobs status --json</c>).
/// </summary>
internal static class JobReport
{
    public static IEnumerable<string> Lines(JobStatus job, string catalog)
    {
        var took = job.IsRunning ? "" : $", took {Duration(job.LastUpdatedAt - job.CreatedAt)}";
        yield return $"{job.Id}: {job.Type} of catalog '{catalog}', {Status(job)}, started {job.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC{took}";
        foreach (var line in Outcome(job))
        {
            yield return line;
        }
    }

    /// <summary>What a job did (or is doing): one line per rebuild phase, or the job's result, then its error.</summary>
    public static IEnumerable<string> Outcome(JobStatus job)
    {
        var phases = (job.Type == JobTypes.Rebuild && !job.IsRunning ? job.OutputAs<RebuildResult>()?.Phases : null) ?? job.Progress?.Phases;
        if (phases is { Count: > 0 })
        {
            foreach (var phase in phases)
            {
                var running = job.Phases?.FirstOrDefault(p => p.Id == phase.JobId && p.IsRunning);
                yield return $"  {phase.Name}: " + (running is not null ? JobFollower.State(running) : phase.Status + (phase.Detail is { } detail ? $": {detail}" : ""));
            }
        }
        else if (Progress(job) is { } progress)
        {
            yield return $"  {progress}";
        }
        else if (Result(job) is { } result)
        {
            yield return $"  {result}";
        }

        // A rebuild's error lists its failed phases, which the lines above already show.
        if (job.Error is { } error && !(phases?.Any(p => p.Status is "failed" or "skipped") ?? false))
        {
            yield return $"  error: {error}";
        }
    }

    /// <summary>A running job's phase, counts and time left; null when it has none to tell (finished, or pending).</summary>
    public static string? Progress(JobStatus job) => job.IsRunning && JobFollower.State(job) is var state && state != Status(job) ? state : null;

    /// <summary>"completed", "running", "failed"... or "gone" (its orchestration was purged).</summary>
    public static string Status(JobStatus job) => job.State.ToLowerInvariant();

    /// <summary>"4 photos found, 0 unchanged, 4 analyzed, 0 failed, 0 marked removed".</summary>
    public static string Describe(ImageJobResult r) =>
        $"{Words.Count(r.Found, "photo")} found, {r.Unchanged:N0} unchanged, {r.Analyzed:N0} analyzed, {r.Failed:N0} failed, {r.MarkedRemoved:N0} marked removed";

    private static string? Result(JobStatus job)
    {
        if (job.Output is null)
        {
            return null;
        }

        var (summary, backup) = JobTypes.PerImage.ContainsKey(job.Type)
            ? job.OutputAs<ImageJobResult>() is { } image ? (Describe(image), image.Backup) : (null, null)
            : job.OutputAs<CatalogJobResult>() is { } catalog ? (catalog.Summary, catalog.Backup) : (null, null);
        return summary is null ? null : summary + (backup is null ? "" : $"; backup taken first: {backup}");
    }

    private static string Duration(TimeSpan elapsed) =>
        elapsed.TotalMinutes < 1 ? $"{elapsed.TotalSeconds:F1} s" : elapsed.TotalHours < 1 ? $"{elapsed:m\\:ss} min" : $"{(int)elapsed.TotalHours}:{elapsed:mm\\:ss} h";
}

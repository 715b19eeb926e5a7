using Lumina.Core.Pipeline;
using Lumina.Storage.Catalog.Health;
using Lumina.Functions.Text;

namespace Lumina.Functions.Health;

/// <summary>
/// Turns a catalog's coverage into the recovery plan: the jobs that fix what is missing, in the order
/// they must run (analysis before anything built on hashes or GPS, geohash before bursts, CLIP before tags).
/// A catalog never scanned gets the rebuild that reads it; an unfinished rebuild comes first, with the command
/// that resumes it; failures that settled are no work to redo (the report lists them with what a person can do).
/// </summary>
public static class HealthAdvisor
{
    /// <summary>Not a job: uploads need a running host, which `lumina serve` is.</summary>
    private const string Serve = "serve";

    public static IReadOnlyList<Recommendation> Advise(
        string catalog, HealthData data, IReadOnlyList<FlagLine> flags, bool clipConfigured, int poisonUploads, int stalledUploads,
        IReadOnlyList<UnfinishedJob> unfinished)
    {
        var counts = data.Counts;
        var rebuild = $"./lumina rebuild {Quote(catalog)}";
        if (counts.ScannedAt is null && counts.Images == 0 && counts.Removed == 0 && unfinished.Count == 0)
        {
            return [new Recommendation(1, "rebuild", "the catalog has never been scanned: no photo of it has been read yet", rebuild)];
        }

        var plan = new List<(string Job, string Reason, string? Command)>();
        foreach (var job in unfinished)
        {
            plan.Add(job.Type == "rebuild"
                ? ("rebuild", $"rebuild {job.Id} (started {job.CreatedAt:yyyy-MM-dd HH:mm} UTC) has not finished{At(job)}: if its host stopped, this resumes it", rebuild)
                : (job.Type, $"job {job.Id} ({job.Type}, {job.Status} since {job.CreatedAt:yyyy-MM-dd HH:mm} UTC) has not finished{At(job)}: " +
                   $"a running `./lumina serve` (or any host on this database) finishes it, `./lumina jobs cancel {job.Id}` drops it", "./lumina serve"));
        }

        if (stalledUploads > 0)
        {
            plan.Add((Serve, $"{Words.Count(stalledUploads, "upload")} {Words.Agree(stalledUploads, "is", "are")} not moving (listed above): a running host claims and analyzes {Words.Agree(stalledUploads, "it", "them")} again", "./lumina serve"));
        }

        if (poisonUploads > 0)
        {
            plan.Add(("analyze", $"{Words.Count(poisonUploads, "upload")} failed every attempt (poison, listed above): upload fixed files again, or retry them all", null));
        }

        long Missing(string step) => flags.FirstOrDefault(f => f.Step == step) is { } f ? f.Missing + f.Outdated : 0;

        var retried = data.Failures.Count(f => !f.Settled);
        if (retried > 0)
        {
            plan.Add(("analyze", $"{Words.Count(retried, "image")} failed analysis (listed above) and {Words.Agree(retried, "is", "are")} tried again by the next run; " +
                $"a file that fails {IncrementalPlan.SettleAfter} times unchanged is settled and left until it changes", null));
        }

        var thumbnails = Math.Max(Missing(ProcessingSteps.Thumbnail), Missing(ProcessingSteps.Preview)) - counts.Failed;
        var hashes = Missing(ProcessingSteps.Hashes) - counts.Failed;
        var quality = Missing(ProcessingSteps.Quality) - counts.Failed;
        var exif = Missing(ProcessingSteps.Exif) - counts.Failed;
        var decodeJobs = new[] { ("thumbnails", thumbnails, "thumbnails or previews"), ("hashes", hashes, "perceptual hashes"), ("quality", quality, "quality scores") }
            .Where(j => j.Item2 > 0).ToList();
        if (exif > 0 || decodeJobs.Count > 1)
        {
            var most = new[] { exif, thumbnails, hashes, quality }.Max();
            plan.Add(("analyze", $"{Words.Count(most, "image")} {Words.Agree(most, "lacks part of its", "lack part of their")} analysis (EXIF, thumbnails, hashes or quality): one decode per image redoes all of it", null));
        }
        else if (decodeJobs.Count == 1)
        {
            plan.Add((decodeJobs[0].Item1, $"{Words.Count(decodeJobs[0].Item2, "image")} {Words.Agree(decodeJobs[0].Item2, "lacks", "lack")} {decodeJobs[0].Item3}", null));
        }

        var unflagged = new[]
        {
            counts.Hashed - Current(flags, ProcessingSteps.Hashes),
            counts.Thumbnails - Current(flags, ProcessingSteps.Thumbnail),
            counts.Scored - Current(flags, ProcessingSteps.Quality),
            counts.Geohashed - Current(flags, ProcessingSteps.Geohash),
        }.Max();
        if (unflagged > 0)
        {
            plan.Add(("backfill-flags", $"{Words.Count(unflagged, "image")} {Words.Agree(unflagged, "has", "have")} data but no processing flag: record the flags so jobs do not redo them", null));
        }

        if (counts.Located > counts.Geohashed)
        {
            plan.Add(("geohash", $"{Words.Count(counts.Located - counts.Geohashed, "image")} with GPS {Words.Agree(counts.Located - counts.Geohashed, "lacks", "lack")} a geohash", null));
        }

        AddPhase(plan, data, "duplicates", "detect-duplicates", "duplicate groups");
        AddPhase(plan, data, "bursts", "detect-bursts", "bursts");

        if (clipConfigured)
        {
            if (counts.Images > counts.Embedded)
            {
                plan.Add(("clip", $"{Words.Count(counts.Images - counts.Embedded, "image")} {Words.Agree(counts.Images - counts.Embedded, "lacks a CLIP embedding (semantic search cannot find it)", "lack a CLIP embedding (semantic search cannot find them)")}", null));
            }

            if (Missing(ProcessingSteps.Tags) > 0)
            {
                plan.Add(("auto-tag", $"{Words.Count(Missing(ProcessingSteps.Tags), "image")} {Words.Agree(Missing(ProcessingSteps.Tags), "has", "have")} not been auto-tagged", null));
            }
        }

        var recommendations = plan
            .GroupBy(p => p.Job).Select(g => g.First())
            .Select((p, i) => new Recommendation(i + 1, p.Job, p.Reason, p.Command ?? $"./lumina run-job {p.Job} {Quote(catalog)} --wait"))
            .ToList();
        if (recommendations.Count > 1 && recommendations.All(r => r.Job != "rebuild"))
        {
            recommendations.Add(new Recommendation(recommendations.Count + 1, "rebuild", "or run every phase that needs it, in dependency order, in one job", rebuild));
        }

        return recommendations;
    }

    private static string At(UnfinishedJob job) => job.Phase is { } phase ? $" (last at: {phase})" : "";

    private static void AddPhase(List<(string, string, string?)> plan, HealthData data, string phase, string job, string what)
    {
        if (data.Counts.Images < 2)
        {
            return;
        }

        var run = data.Phases.FirstOrDefault(p => p.Phase == phase);
        if (run is null)
        {
            plan.Add((job, $"{what} have never been detected", null));
        }
        else if (run.ChangedSince > 0)
        {
            plan.Add((job, $"{Words.Count(run.ChangedSince, "image")} changed since {what} were last detected ({run.CompletedAt:yyyy-MM-dd HH:mm} UTC)", null));
        }
    }

    private static long Current(IReadOnlyList<FlagLine> flags, string step) => flags.FirstOrDefault(f => f.Step == step)?.Current ?? 0;

    internal static string Quote(string catalog) =>
        catalog.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? catalog : $"'{catalog.Replace("'", "'\\''")}'";
}

using System.CommandLine;
using Lumina.Core.Pipeline;
using Microsoft.DurableTask.Client;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Jobs;
using Lumina.Storage.Catalog;
using Lumina.Functions.Text;

namespace Lumina.Functions.Cli;

/// <summary><c>lumina analyze &lt;folder|catalog&gt;</c>: the analyze job, run in this process with live progress.</summary>
public static class AnalyzeCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder|catalog") { Description = "A folder of photos (searched recursively), or the name of an existing catalog" };
        var catalog = new Option<string?>("--catalog") { Description = "Catalog name for a folder (default: the folder's name)" };
        var recompute = new Option<bool>("--recompute-hashes") { Description = "Decode and hash every image again, even unchanged ones (backs up first)" };
        var workers = CliOptions.Workers();
        var retryFailed = CliOptions.RetryFailed();
        var command = new Command("analyze", "Read EXIF, make thumbnails and previews, hash and score every new or changed photo of a folder or catalog")
        {
            folder, catalog, recompute, workers, retryFailed,
        };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct, runWork: true, s => result.GetValue(workers) is { } n ? s with { Workers = n } : s);
            var record = await app.Get<CatalogService>().ResolveAsync(result.GetValue(folder)!, result.GetValue(catalog), ct);
            var jobs = app.Get<JobService>();
            var job = await jobs.StartAsync(JobTypes.Analyze, new JobInput(record.Id, result.GetValue(recompute), RetryFailed: result.GetValue(retryFailed)), ct);
            var final = await JobFollower.FollowAsync(jobs, job.Id, ct);
            if (final.OutputAs<ImageJobResult>() is not { } summary)
            {
                Console.WriteLine($"analyze {final.State.ToLowerInvariant()}: {final.Error}");
                return 3;
            }

            var seconds = (final.LastUpdatedAt - final.CreatedAt).TotalSeconds;
            Console.WriteLine(
                $"Catalog '{record.Name}': {Words.Count(summary.Found, "photo")} found, {summary.Unchanged} unchanged, {summary.Analyzed} analyzed, " +
                $"{summary.Failed} failed, {summary.MarkedRemoved} marked removed" +
                (summary.Moved > 0 ? $", {summary.Moved} moved (metadata kept)" : "") +
                $" in {seconds:F1} s ({(summary.Analyzed + summary.Failed) / Math.Max(seconds, 1e-3):F1} images/s)");
            if (summary.Settled > 0)
            {
                Console.WriteLine(
                    $"  {Words.Count(summary.Settled, "settled failure")} not retried (each failed {IncrementalPlan.SettleAfter} times with the same file): " +
                    "replace those files, or retry them with --retry-failed");
            }
            if (summary.Backup is { } backup)
            {
                Console.WriteLine($"  backup taken first: {backup}");
            }

            var failures = await app.Get<ImageRepository>().ListFailuresAsync(record.Id, 21, ct);
            foreach (var failure in failures.Take(20))
            {
                Console.WriteLine($"  failed: {failure.Path}: {failure.Error}");
            }

            if (failures.Count > 20)
            {
                Console.WriteLine($"  ... and more: `./lumina health {record.Name}` lists them all");
            }

            return final.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 0 : 3;
        }));
        return command;
    }
}

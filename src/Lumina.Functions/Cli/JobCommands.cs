using System.CommandLine;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Health;
using Lumina.Functions.Http;
using Lumina.Functions.Jobs;

namespace Lumina.Functions.Cli;

/// <summary><c>lumina run-job</c>, <c>lumina jobs list|status|cancel</c> and <c>lumina rebuild</c>.</summary>
public static class JobCommands
{
    public static Command RunJob()
    {
        var type = new Argument<string>("type") { Description = $"One of: {string.Join(", ", JobTypes.All)}" };
        var catalog = new Argument<string>("catalog") { Description = "Catalog name or id" };
        var threshold = new Option<int>("--threshold") { Description = "Duplicate distance in bits (default 5)", DefaultValueFactory = _ => JobInput.DefaultThreshold };
        var gap = new Option<double>("--gap") { Description = "Longest gap between burst shots in seconds (default 2)", DefaultValueFactory = _ => JobInput.DefaultBurstGap };
        var force = new Option<bool>("--force") { Description = "Redo everything, not only what is missing (backs up first)" };
        var wait = new Option<bool>("--wait") { Description = "Run the job in this process and show its progress until it ends" };
        var embeddings = new Option<bool>("--use-embeddings") { Description = "detect-duplicates: also join images whose CLIP embeddings are this similar (needs LUMINA_CLIP_MODEL)" };
        var similarity = new Option<double>("--embedding-similarity") { Description = "Cosine for --use-embeddings (default 0.95)", DefaultValueFactory = _ => JobInput.DefaultEmbeddingSimilarity };
        var command = new Command("run-job", "Start a job on a catalog") { type, catalog, threshold, gap, force, wait, embeddings, similarity };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            var waiting = result.GetValue(wait);
            await using var app = await CliApp.StartAsync(ct, runWork: waiting);
            var record = await app.Get<CatalogService>().GetAsync(result.GetValue(catalog)!, ct);
            var input = new JobInput(
                record.Id, result.GetValue(force), result.GetValue(threshold), result.GetValue(gap), result.GetValue(embeddings), result.GetValue(similarity));
            var job = await app.Get<JobService>().StartAsync(result.GetValue(type)!, input, ct);
            if (!waiting)
            {
                Console.WriteLine($"Started job {job.Id}. A running `./lumina serve` (or any host on this database) executes it; follow it with `./lumina jobs status {job.Id}`.");
                return 0;
            }

            var final = await JobFollower.FollowAsync(app.Get<JobService>(), job.Id, ct);
            PrintOutcome(final);
            return final.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 0 : 3;
        }));
        return command;
    }

    public static Command Jobs()
    {
        var catalog = new Option<string?>("--catalog") { Description = "Only this catalog's jobs" };
        var type = new Option<string?>("--type") { Description = "Only jobs of this type" };
        var list = new Command("list", "List jobs, newest first") { catalog, type };
        list.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            Guid? catalogId = result.GetValue(catalog) is { } name ? (await app.Get<CatalogService>().GetAsync(name, ct)).Id : null;
            foreach (var job in await app.Get<JobService>().ListAsync(catalogId, result.GetValue(type), null, 50, ct))
            {
                Console.WriteLine($"{job.Id}\t{job.State}\t{job.CreatedAt:yyyy-MM-dd HH:mm:ss}\t{JobFollower.Line(job)}");
            }

            return 0;
        }));

        var statusId = new Argument<string>("id") { Description = "Job id" };
        var json = new Option<bool>("--json") { Description = "Print the whole status as JSON" };
        var status = new Command("status", "Show a job's state and progress") { statusId, json };
        status.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var job = await app.Get<JobService>().GetAsync(result.GetValue(statusId)!, ct) ?? throw new JobException(404, $"no job {result.GetValue(statusId)}");
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(job, ApiJson.Options));
            }
            else
            {
                Console.WriteLine($"{job.Id} ({job.State}, started {job.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC)");
                foreach (var part in job.Phases is { Count: > 0 } phases ? phases : [job])
                {
                    Console.WriteLine($"  {JobFollower.Line(part)}");
                }

                PrintOutcome(job);
            }

            return 0;
        }));

        var cancelId = new Argument<string>("id") { Description = "Job id" };
        var cancel = new Command("cancel", "Stop a running job") { cancelId };
        cancel.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var job = await app.Get<JobService>().CancelAsync(result.GetValue(cancelId)!, ct);
            Console.WriteLine(job.IsRunning
                ? $"Cancel requested: job {job.Id} is still {job.State.ToLowerInvariant()} because no host has taken the request yet; it is cancelled " +
                    "when a host runs its work (`./lumina serve`, or any host on this database and task hub)"
                : $"Cancelled {job.Id} ({job.State})");
            return 0;
        }));

        return new Command("jobs", "List, follow and cancel jobs") { list, status, cancel };
    }

    public static Command Rebuild()
    {
        var target = new Argument<string>("folder|catalog") { Description = "A folder of photos, or the name of an existing catalog" };
        var catalog = new Option<string?>("--catalog") { Description = "Catalog name for a folder (default: the folder's name)" };
        var force = new Option<bool>("--force") { Description = "Redo every image, not only what is missing (backs up first)" };
        var command = new Command("rebuild", "Rebuild a catalog's metadata: every phase that needs it, in order, then the health report")
        {
            target, catalog, force,
        };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct, runWork: true);
            var record = await app.Get<CatalogService>().ResolveAsync(result.GetValue(target)!, result.GetValue(catalog), ct);
            var job = await app.Get<JobService>().StartAsync(JobTypes.Rebuild, new JobInput(record.Id, result.GetValue(force)), ct);
            if (job.IsRunning && job.Progress is not null)
            {
                Console.WriteLine($"Resuming rebuild {job.Id}");
                if (await app.Get<JobWaits>().DescribeAsync(job.Id, ct) is { } waiting)
                {
                    Console.WriteLine(waiting);
                }
            }

            var final = await JobFollower.FollowAsync(app.Get<JobService>(), job.Id, ct);
            PrintOutcome(final);
            Console.WriteLine();
            Console.WriteLine(HealthMarkdown.Render(await app.Get<HealthService>().ReportAsync(record, ct)));
            return final.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 0 : 3;
        }));
        return command;
    }

    private static void PrintOutcome(JobStatus job)
    {
        if (job.Error is { } error)
        {
            Console.WriteLine($"{job.Type} {job.State.ToLowerInvariant()}: {error}");
        }

        foreach (var phase in job.Phases ?? [])
        {
            Console.WriteLine($"  {phase.Type}: {phase.State.ToLowerInvariant()}{(phase.Error is { } e ? $" ({e})" : "")}");
        }

        if (job.Output is { } output)
        {
            Console.WriteLine($"{job.Type} {job.State.ToLowerInvariant()}: {output.GetRawText()}");
        }
    }
}

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
        var threshold = CliOptions.WholeNumber("--threshold", "Duplicate distance in bits (default 5)");
        var gap = CliOptions.Number("--gap", "Longest gap between burst shots in seconds (default 2)");
        var force = new Option<bool>("--force") { Description = "Redo everything, not only what is missing (backs up first)" };
        var wait = new Option<bool>("--wait") { Description = "Run the job in this process and show its progress until it ends" };
        var embeddings = new Option<bool>("--use-embeddings") { Description = "detect-duplicates: also join images whose CLIP embeddings are this similar (needs LUMINA_CLIP_MODEL)" };
        var similarity = CliOptions.Number("--embedding-similarity", "Cosine for --use-embeddings (default 0.95)");
        var retryFailed = CliOptions.RetryFailed();
        var names = new JobInputNames(threshold.Name, gap.Name, similarity.Name);
        var command = new Command("run-job", "Start a job on a catalog") { type, catalog, threshold, gap, force, wait, embeddings, similarity, retryFailed };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            var waiting = result.GetValue(wait);
            var input = new JobInput(
                Guid.Empty, result.GetValue(force), result.GetValue(threshold) ?? JobInput.DefaultThreshold, result.GetValue(gap) ?? JobInput.DefaultBurstGap,
                result.GetValue(embeddings), result.GetValue(similarity) ?? JobInput.DefaultEmbeddingSimilarity,
                RetryFailed: result.GetValue(retryFailed));
            JobFilters.Type(result.GetValue(type));
            if (input.Problem(names) is { } problem)
            {
                throw new JobException(400, problem);
            }

            await using var app = await CliApp.StartAsync(ct, runWork: waiting);
            input = input with { CatalogId = (await app.Get<CatalogService>().GetAsync(result.GetValue(catalog)!, ct)).Id };
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
        var type = new Option<string?>("--type") { Description = $"Only jobs of this type: {string.Join(", ", JobTypes.All)}" };
        var statuses = new Option<string?>("--status") { Description = "Only jobs in these states, comma-separated: pending, running, completed, failed, terminated..." };
        var list = new Command("list", "List jobs, newest first (the last 50)") { catalog, type, statuses };
        list.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            var wanted = JobFilters.Statuses(result.GetValue(statuses));
            var jobType = JobFilters.Type(result.GetValue(type));
            await using var app = await CliApp.StartAsync(ct);
            var catalogs = app.Get<CatalogService>();
            Guid? catalogId = result.GetValue(catalog) is { } name ? (await catalogs.GetAsync(name, ct)).Id : null;
            var jobs = await app.Get<JobService>().ListAsync(catalogId, jobType, wanted, 50, ct);
            if (jobs.Count == 0)
            {
                Console.WriteLine("No jobs.");
                return 0;
            }

            var names = (await catalogs.ListAsync(ct)).ToDictionary(c => c.Id, c => c.Name);
            var rows = jobs.Select(job => (IReadOnlyList<string>)
            [
                job.Id, job.Type, names.GetValueOrDefault(job.CatalogId, job.CatalogId.ToString()), JobReport.Status(job), $"{job.CreatedAt:yyyy-MM-dd HH:mm:ss}",
                JobReport.Progress(job) ?? job.Error ?? "",
            ]);
            foreach (var line in TextColumns.Lines(["ID", "TYPE", "CATALOG", "STATUS", "STARTED (UTC)", "PROGRESS OR ERROR"], rows))
            {
                Console.WriteLine(line);
            }

            return 0;
        }));

        var statusId = new Argument<string>("id") { Description = "Job id" };
        var json = new Option<bool>("--json") { Description = "Print the whole status as JSON" };
        var status = new Command("status", "Show a job's state and progress, and for a rebuild each phase") { statusId, json };
        status.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var job = await app.Get<JobService>().GetAsync(result.GetValue(statusId)!, ct) ?? throw new JobException(404, $"no job {result.GetValue(statusId)}");
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(job, ApiJson.Options));
                return 0;
            }

            var catalogName = (await app.Get<CatalogService>().ListAsync(ct)).FirstOrDefault(c => c.Id == job.CatalogId)?.Name ?? job.CatalogId.ToString();
            foreach (var line in JobReport.Lines(job, catalogName))
            {
                Console.WriteLine(line);
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
        var force = new Option<bool>("--force") { Description = "Redo every image and phase, not only what is missing or changed (backs up first)" };
        var retryFailed = CliOptions.RetryFailed();
        var command = new Command("rebuild", "Rebuild a catalog's metadata: every phase that needs it, in order, then the health report")
        {
            target, catalog, force, retryFailed,
        };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct, runWork: true);
            var record = await app.Get<CatalogService>().ResolveAsync(result.GetValue(target)!, result.GetValue(catalog), ct);
            var job = await app.Get<JobService>().StartAsync(JobTypes.Rebuild, new JobInput(record.Id, result.GetValue(force), RetryFailed: result.GetValue(retryFailed)), ct);
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
        Console.WriteLine($"{job.Type} {JobReport.Status(job)}:");
        foreach (var line in JobReport.Outcome(job))
        {
            Console.WriteLine(line);
        }
    }
}

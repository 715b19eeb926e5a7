using System.CommandLine;
using System.Text.Json;
using Lumina.Functions.Benchmarks;

namespace Lumina.Functions.Cli;

/// <summary><c>lumina bench ...</c>: performance measurements printed as JSON.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "Folder of photos to analyze" };
        var workers = CliOptions.WholeNumber("--workers", "Images Lumina analyzes at the same time, and vipsthumbnail processes at once (default 2)", 1, 256);
        var runs = new Option<int>("--runs") { Description = "Runs of each side, alternating which goes first; medians are reported", DefaultValueFactory = _ => 3 };
        var perProcess = CliOptions.WholeNumber("--files-per-process", "Files each vipsthumbnail process makes previews of (default 8)", 1, 10_000);
        var analyze = new Command("analyze", "The whole `lumina analyze` command against vipsthumbnail making the same previews with libvips' defaults")
        {
            folder, workers, runs, perProcess,
        };
        analyze.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            // A task hub of its own, inherited by every `lumina analyze` it starts: no other worker on the database (a
            // `lumina serve`, another command) takes a batch of the timed job, or gives it one of theirs.
            Environment.SetEnvironmentVariable("LUMINA_TASK_HUB", $"bench{Guid.NewGuid():N}"[..21]);
            await using var app = await CliApp.StartAsync(ct);
            var run = new AnalyzeCommandRun(
                LuminaCommand.OfThisProcess(), app.Get<Storage.Catalog.CatalogRepository>(), app.Get<Catalogs.CatalogService>(), app.Get<Jobs.JobService>(),
                app.Get<Storage.Catalog.ImageRepository>());
            var benchmark = new AnalyzeBenchmark(run, app.Get<Configuration.LuminaSettings>());
            var report = await benchmark.RunAsync(
                result.GetValue(folder)!, result.GetValue(workers) ?? 2, Math.Max(1, result.GetValue(runs)), result.GetValue(perProcess) ?? 8, ct);
            Console.WriteLine(JsonSerializer.Serialize(report, BenchJson.Options));
            return 0;
        }));

        var blobFolder = new Argument<string>("folder") { Description = "Folder of photos to import and analyze" };
        var connection = new Option<string>("--connection")
        {
            Description = "Storage connection string (default: Azurite on 127.0.0.1:10000)",
            DefaultValueFactory = _ => "UseDevelopmentStorage=true",
        };
        var blobWorkers = CliOptions.Workers();
        var blobRuns = new Option<int>("--runs") { Description = "Analyze runs of each side; medians are reported", DefaultValueFactory = _ => 3 };
        var blob = new Command("blob", "Import throughput, and analyze throughput from blob storage against the same photos in a folder")
        {
            blobFolder, connection, blobWorkers, blobRuns,
        };
        blob.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct, runWork: true, s => result.GetValue(blobWorkers) is { } n ? s with { Workers = n } : s);
            var benchmark = new BlobBenchmark(app.Get<Catalogs.CatalogService>(), app.Get<Storage.Catalog.CatalogRepository>(), app.Get<Import.ImportRun>(), app.Get<Jobs.JobService>());
            var report = await benchmark.RunAsync(
                Path.GetFullPath(result.GetValue(blobFolder)!), result.GetValue(connection)!,
                result.GetValue(blobWorkers) ?? app.Get<Configuration.LuminaSettings>().Workers, Math.Max(1, result.GetValue(blobRuns)), ct);
            Console.WriteLine(JsonSerializer.Serialize(report, BenchJson.Options));
            return 0;
        }));

        var images = new Option<int[]>("--images")
        {
            Description = "Synthetic images per catalog; several sizes (--images 100000 300000 1000000) also give each phase's growth exponent",
            DefaultValueFactory = _ => [100_000], AllowMultipleArgumentsPerToken = true,
        };
        images.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int[]>() is { } sizes && sizes.Any(n => n < 2))
            {
                r.AddError("--images: every size must be at least 2 images");
            }
        });
        var catalogRuns = new Option<int>("--runs") { Description = "Fresh catalogs timed; medians are reported", DefaultValueFactory = _ => 3 };
        var catalog = new Command("catalog", "Seconds per catalog-wide phase (geohash, duplicates, bursts, health) and to delete the catalog, on a synthetic catalog")
        {
            images, catalogRuns,
        };
        catalog.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var benchmark = new CatalogBenchmark(
                app.Get<Npgsql.NpgsqlDataSource>(), app.Get<Storage.Catalog.CatalogRepository>(), app.Get<Jobs.CatalogPhases>(), app.Get<Health.HealthService>());
            var report = await benchmark.RunAsync(result.GetValue(images)!, Math.Max(1, result.GetValue(catalogRuns)), ct);
            Console.WriteLine(JsonSerializer.Serialize(report, BenchJson.Options));
            return 0;
        }));

        var uiImages = new Option<int>("--images") { Description = "Synthetic images in the catalog", DefaultValueFactory = _ => 100_000 };
        var uiRuns = new Option<int>("--runs") { Description = "Times each request is timed (after one warm-up); medians are reported", DefaultValueFactory = _ => 20 };
        var ui = new Command("ui", "Milliseconds per web UI request (library pages, the duplicate review's next group, ...), server-side, on a synthetic catalog")
        {
            uiImages, uiRuns,
        };
        ui.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var report = await new UiBenchmark(app.Get<IServiceProvider>()).RunAsync(Math.Max(2, result.GetValue(uiImages)), Math.Max(1, result.GetValue(uiRuns)), ct);
            Console.WriteLine(JsonSerializer.Serialize(report, BenchJson.Options));
            return 0;
        }));

        var historyImages = new Option<int>("--images") { Description = "Generated tiny JPEGs the analyze job runs over", DefaultValueFactory = _ => 20_000 };
        var planImages = new Option<int>("--plan-images")
        {
            Description = "Empty files a second job plans (then is cancelled); 0 skips it", DefaultValueFactory = _ => 1_000_000,
        };
        var window = CliOptions.WholeNumber("--window", "Batches per execution of the job's orchestration (default: LUMINA_JOB_WINDOW, else 256)", 1, 1_000_000);
        var historyWorkers = CliOptions.Workers();
        var history = new Command("history", "Orchestration history rows of an analyze job on the PostgreSQL provider, and the planning time of a large job")
        {
            historyImages, planImages, window, historyWorkers,
        };
        history.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct, runWork: true, s => s with
            {
                Workers = result.GetValue(historyWorkers) ?? s.Workers, JobWindow = result.GetValue(window) ?? s.JobWindow,
            });
            var benchmark = new HistoryBenchmark(
                app.Get<Jobs.JobService>(), app.Get<Storage.Catalog.CatalogRepository>(), app.Get<Storage.Catalog.JobRepository>(),
                app.Get<Npgsql.NpgsqlDataSource>(), app.Get<Configuration.LuminaSettings>());
            var report = await benchmark.RunAsync(Math.Max(1, result.GetValue(historyImages)), Math.Max(0, result.GetValue(planImages)), ct);
            Console.WriteLine(JsonSerializer.Serialize(report, BenchJson.Options));
            return 0;
        }));

        return new Command("bench", "Measure performance (prints JSON)") { analyze, blob, catalog, ui, history, BenchDurableCommand.Create(), BenchClipCommand.Create(), BenchEmbeddingsCommand.Create() };
    }
}

internal static class BenchJson
{
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true };
}

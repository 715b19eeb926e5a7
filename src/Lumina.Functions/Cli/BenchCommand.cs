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
        var workers = CliOptions.Workers();
        var runs = new Option<int>("--runs") { Description = "Runs of each side; medians are reported", DefaultValueFactory = _ => 3 };
        var analyze = new Command("analyze", "Analyze throughput against vipsthumbnail making only the preview, same files, same parallelism")
        {
            folder, workers, runs,
        };
        analyze.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct, runWork: true, s => result.GetValue(workers) is { } n ? s with { Workers = n } : s);
            var benchmark = new AnalyzeBenchmark(app.Get<Jobs.JobService>(), app.Get<Storage.Catalog.CatalogRepository>(), app.Get<Configuration.LuminaSettings>());
            var report = await benchmark.RunAsync(
                result.GetValue(folder)!, result.GetValue(workers) ?? app.Get<Configuration.LuminaSettings>().Workers, Math.Max(1, result.GetValue(runs)), ct);
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

        return new Command("bench", "Measure performance (prints JSON)") { analyze, blob, catalog, BenchDurableCommand.Create(), BenchClipCommand.Create(), BenchEmbeddingsCommand.Create() };
    }
}

internal static class BenchJson
{
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true };
}

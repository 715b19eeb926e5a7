using System.CommandLine;
using Lumina.Functions.Analysis;
using Lumina.Functions.Catalogs;

namespace Lumina.Functions.Cli;

/// <summary><c>lumina analyze &lt;folder&gt;</c>: incremental per-image analysis of a folder of photos.</summary>
public static class AnalyzeCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder|catalog") { Description = "A folder of photos (searched recursively), or the name of an existing catalog" };
        var catalog = new Option<string?>("--catalog") { Description = "Catalog name (default: the folder's name)" };
        var recompute = new Option<bool>("--recompute-hashes") { Description = "Decode and hash every image again, even unchanged ones" };
        var workers = CliOptions.Workers();
        var command = new Command("analyze", "Read EXIF, make thumbnails and previews, hash and score every new or changed photo of a folder or catalog")
        {
            folder, catalog, recompute, workers,
        };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var record = await app.Get<CatalogService>().ResolveAsync(result.GetValue(folder)!, result.GetValue(catalog), ct);
            var options = new AnalyzeOptions(result.GetValue(recompute), result.GetValue(workers) ?? app.Get<Configuration.LuminaSettings>().Workers);
            var summary = await ProgressDisplay.RunAsync("analyzing", started => app.Get<AnalyzeRun>().RunAsync(record, options, started, ct));
            Console.WriteLine(
                $"Catalog '{summary.Catalog}': {summary.Found} photos found, {summary.Unchanged} unchanged, {summary.Analyzed} analyzed, " +
                $"{summary.Failed} failed, {summary.MarkedRemoved} marked removed in {summary.Elapsed.TotalSeconds:F1} s ({summary.ImagesPerSecond:F1} images/s)");
            foreach (var failure in summary.Failures.Take(20))
            {
                Console.WriteLine($"  failed: {failure.Path}: {failure.Error}");
            }

            if (summary.Failures.Count > 20)
            {
                Console.WriteLine($"  ... and {summary.Failures.Count - 20} more (see `lumina export {summary.Catalog}`)");
            }

            return 0;
        }));
        return command;
    }
}

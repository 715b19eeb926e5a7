using System.Diagnostics;
using System.Text.Json.Serialization;
using Lumina.Functions.Jobs;
using Lumina.Functions.Configuration;
using Lumina.Imaging.Analysis;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Benchmarks;

/// <summary>One benchmark run: images per second for Lumina's analyze and for the vipsthumbnail reference.</summary>
public sealed record AnalyzeBenchmarkRun(
    [property: JsonPropertyName("analyze_images_per_second")] double Analyze,
    [property: JsonPropertyName("vipsthumbnail_images_per_second")] double Reference);

/// <summary>The medians over the runs and their ratio.</summary>
public sealed record AnalyzeBenchmarkResult(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("workers")] int Workers,
    [property: JsonPropertyName("analyze_images_per_second")] double Analyze,
    [property: JsonPropertyName("vipsthumbnail_images_per_second")] double Reference,
    [property: JsonPropertyName("ratio")] double Ratio,
    [property: JsonPropertyName("runs")] IReadOnlyList<AnalyzeBenchmarkRun> Runs);

/// <summary>
/// Runs the full <c>analyze</c> job (all outputs, database writes included, through the durable runtime)
/// on a fresh throwaway catalog over a folder, and Debian's vipsthumbnail making only the preview (shorter side 1440, never enlarged,
/// JPEG Q80 stripped) of the same files with the same number of concurrent images; runs alternate and
/// the medians are compared.
/// </summary>
public sealed class AnalyzeBenchmark(JobService jobs, CatalogRepository catalogs, LuminaSettings settings)
{
    public async Task<AnalyzeBenchmarkResult> RunAsync(string folder, int workers, int runs, CancellationToken ct)
    {
        var root = Path.GetFullPath(folder);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(ImageFormats.HasImageExtension).Order().ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"no photos in {root}");
        }

        var shards = await PlanReferenceAsync(files, workers, ct);
        var results = new List<AnalyzeBenchmarkRun>();
        for (var run = 0; run < runs; run++)
        {
            var reference = await RunReferenceAsync(shards, ct);
            var ours = await RunAnalyzeAsync(root, ct);
            results.Add(new AnalyzeBenchmarkRun(Math.Round(files.Count / ours.TotalSeconds, 2), Math.Round(files.Count / reference.TotalSeconds, 2)));
        }

        var analyzeMedian = Median(results.Select(r => r.Analyze));
        var referenceMedian = Median(results.Select(r => r.Reference));
        return new AnalyzeBenchmarkResult(root, files.Count, workers, analyzeMedian, referenceMedian, Math.Round(analyzeMedian / referenceMedian, 3), results);
    }

    private async Task<TimeSpan> RunAnalyzeAsync(string root, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var derived = Path.Combine(Path.GetTempPath(), $"lumina-bench-{id:N}");
        var catalog = await catalogs.CreateAsync(id, $"bench-{id:N}", SourceKind.Folder, root, derived, ct);
        try
        {
            var clock = Stopwatch.StartNew();
            await jobs.RunAsync(JobTypes.Analyze, new JobInput(catalog.Id), null, ct);
            return clock.Elapsed;
        }
        finally
        {
            await catalogs.DeleteAsync(id, CancellationToken.None);
            if (Directory.Exists(derived))
            {
                Directory.Delete(derived, recursive: true);
            }
        }
    }

    /// <summary>
    /// vipsthumbnail takes one size for all files of an invocation, so each worker's share is split into
    /// landscape files (height is the shorter side: "x1440&gt;") and portrait files ("1440x&gt;").
    /// </summary>
    private async Task<IReadOnlyList<IReadOnlyList<string>>> PlanReferenceAsync(IReadOnlyList<string> files, int workers, CancellationToken ct)
    {
        var size = settings.Analysis.PreviewSize;
        var invocations = new List<IReadOnlyList<string>>();
        var shares = files.Select((f, i) => (File: f, Worker: i % workers)).GroupBy(x => x.Worker);
        foreach (var share in shares)
        {
            var landscape = new List<string>();
            var portrait = new List<string>();
            foreach (var (file, _) in share)
            {
                var upright = UprightSize.Read(await File.ReadAllBytesAsync(file, ct));
                (upright is { } s && s.Width <= s.Height ? portrait : landscape).Add(file);
            }

            invocations.Add(landscape.Count == 0 ? [] : ["-s", $"x{size}>", .. landscape]);
            invocations.Add(portrait.Count == 0 ? [] : ["-s", $"{size}x>", .. portrait]);
        }

        return invocations;
    }

    private async Task<TimeSpan> RunReferenceAsync(IReadOnlyList<IReadOnlyList<string>> invocations, CancellationToken ct)
    {
        var output = Path.Combine(Path.GetTempPath(), $"lumina-bench-vips-{Guid.NewGuid():N}");
        Directory.CreateDirectory(output);
        try
        {
            var clock = Stopwatch.StartNew();
            var workers = invocations.Count / 2;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = ct };
            await Parallel.ForEachAsync(invocations.Where(i => i.Count > 0), parallel, async (args, token) =>
            {
                var start = new ProcessStartInfo("vipsthumbnail") { RedirectStandardError = true, RedirectStandardOutput = true };
                foreach (var a in args)
                {
                    start.ArgumentList.Add(a);
                }

                start.ArgumentList.Add("-o");
                start.ArgumentList.Add(Path.Combine(output, $"{Guid.NewGuid():N}-%s.jpg[Q={settings.Analysis.PreviewQuality},strip]"));
                start.Environment["VIPS_CONCURRENCY"] = "1";
                start.Environment["VIPS_WARNING"] = "0";
                using var process = StartReference(start);
                var stderr = process.StandardError.ReadToEndAsync(token);
                await process.StandardOutput.ReadToEndAsync(token);
                await process.WaitForExitAsync(token);
                _ = await stderr;
            });
            return clock.Elapsed;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static Process StartReference(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"vipsthumbnail could not be started ({e.Message}): install the Debian package libvips-tools", e);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

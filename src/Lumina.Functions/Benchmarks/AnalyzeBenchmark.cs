using System.Text.Json.Serialization;
using Lumina.Imaging.Analysis;

namespace Lumina.Functions.Benchmarks;

/// <summary>One side of one run: wall seconds, and the CPU seconds of its child processes.</summary>
public sealed record AnalyzeBenchmarkSide(
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("images_per_second")] double ImagesPerSecond,
    [property: JsonPropertyName("cpu_seconds_per_image")] double CpuSecondsPerImage);

/// <summary>One run of both sides, in the order they ran.</summary>
public sealed record AnalyzeBenchmarkRun(
    [property: JsonPropertyName("first")] string First,
    [property: JsonPropertyName("analyze")] AnalyzeBenchmarkSide Analyze,
    [property: JsonPropertyName("vipsthumbnail")] AnalyzeBenchmarkSide Reference);

/// <summary>The medians over the runs (images/s from the median seconds), their ratio, and the load averages before and after.</summary>
public sealed record AnalyzeBenchmarkResult(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("workers")] int Workers,
    [property: JsonPropertyName("files_per_process")] int FilesPerProcess,
    [property: JsonPropertyName("analyze")] AnalyzeBenchmarkSide Analyze,
    [property: JsonPropertyName("vipsthumbnail")] AnalyzeBenchmarkSide Reference,
    [property: JsonPropertyName("ratio")] double Ratio,
    [property: JsonPropertyName("load_before")] string LoadBefore,
    [property: JsonPropertyName("load_after")] string LoadAfter,
    [property: JsonPropertyName("runs")] IReadOnlyList<AnalyzeBenchmarkRun> Runs);

/// <summary>
/// <c>lumina analyze</c> against what a user would run to make the same previews: the whole command (startup, the
/// durable job, every output and database write) on a fresh catalog, and vipsthumbnail with libvips' defaults,
/// <c>workers</c> processes at once. Sides alternate which goes first; both sides' results are checked before a
/// run's speed counts (a failed check throws a <see cref="BenchmarkException"/> naming the side).
/// </summary>
public sealed class AnalyzeBenchmark(AnalyzeCommandRun analyze, Configuration.LuminaSettings settings)
{
    public async Task<AnalyzeBenchmarkResult> RunAsync(string folder, int workers, int runs, int filesPerProcess, CancellationToken ct)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new ArgumentException($"no such folder: {root}");
        }

        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(ImageFormats.HasImageExtension).Order().ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"no photos in {root}");
        }

        var loadBefore = LoadAverage.Read();
        var reference = await VipsthumbnailReference.PlanAsync(
            files, settings.Analysis.PreviewSize, settings.Analysis.PreviewQuality, filesPerProcess, workers, ct);
        var results = new List<AnalyzeBenchmarkRun>();
        for (var run = 0; run < runs; run++)
        {
            var referenceFirst = run % 2 == 0;
            AnalyzeBenchmarkSide? ours = null, theirs = null;
            foreach (var side in referenceFirst ? new[] { false, true } : [true, false])
            {
                if (side)
                {
                    ours = await MeasureAsync(files.Count, () => analyze.RunAsync(root, files.Count, workers, ct));
                }
                else
                {
                    theirs = await MeasureAsync(files.Count, () => reference.RunAsync(ct));
                }
            }

            results.Add(new AnalyzeBenchmarkRun(referenceFirst ? "vipsthumbnail" : "analyze", ours!, theirs!));
        }

        var analyzeMedian = Median(results.Select(r => r.Analyze), files.Count);
        var referenceMedian = Median(results.Select(r => r.Reference), files.Count);
        return new AnalyzeBenchmarkResult(
            root, files.Count, workers, filesPerProcess, analyzeMedian, referenceMedian,
            Math.Round(referenceMedian.Seconds / analyzeMedian.Seconds, 3), loadBefore, LoadAverage.Read(), results);
    }

    private static async Task<AnalyzeBenchmarkSide> MeasureAsync(int images, Func<Task<TimeSpan>> side)
    {
        var cpu = ChildCpu.Total();
        var elapsed = await side();
        return Side(elapsed.TotalSeconds, (ChildCpu.Total() - cpu).TotalSeconds / images, images);
    }

    private static AnalyzeBenchmarkSide Median(IEnumerable<AnalyzeBenchmarkSide> sides, int images)
    {
        var list = sides.ToList();
        return Side(Median(list.Select(s => s.Seconds)), Median(list.Select(s => s.CpuSecondsPerImage)), images);
    }

    private static AnalyzeBenchmarkSide Side(double seconds, double cpuPerImage, int images) =>
        new(Math.Round(seconds, 2), Math.Round(images / seconds, 2), Math.Round(cpuPerImage, 4));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

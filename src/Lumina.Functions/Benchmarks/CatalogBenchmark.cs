using System.Diagnostics;
using Lumina.Functions.Health;
using Lumina.Functions.Jobs;
using Lumina.Storage.Catalog;
using Npgsql;

namespace Lumina.Functions.Benchmarks;

/// <summary>
/// Times the catalog-wide phases, reading from and writing to PostgreSQL as the jobs do, on fresh
/// synthetic catalogs: geohash, duplicates, bursts, the same two again over unchanged inputs (only the check
/// that they are unchanged runs), the health report, then deleting the catalog; at each of the sizes asked for.
/// </summary>
public sealed class CatalogBenchmark(NpgsqlDataSource dataSource, CatalogRepository catalogs, CatalogPhases phases, HealthService health)
{
    public async Task<CatalogBenchmarkResult> RunAsync(IReadOnlyList<int> sizes, int runs, CancellationToken ct)
    {
        var results = new List<CatalogSizeResult>();
        foreach (var images in sizes.Distinct().Order())
        {
            results.Add(await RunSizeAsync(images, runs, ct));
        }

        return new CatalogBenchmarkResult(runs, results, results.Count < 2 ? null : Growth(results[0], results[^1]));
    }

    /// <summary>log(t2 / t1) / log(n2 / n1) per phase timed at both sizes.</summary>
    public static IReadOnlyDictionary<string, double> Growth(CatalogSizeResult small, CatalogSizeResult large) =>
        small.Seconds.Where(s => s.Value > 0 && large.Seconds.GetValueOrDefault(s.Key) > 0)
            .ToDictionary(s => s.Key, s => Math.Round(Math.Log(large.Seconds[s.Key] / s.Value) / Math.Log((double)large.Images / small.Images), 2));

    private async Task<CatalogSizeResult> RunSizeAsync(int images, int runs, CancellationToken ct)
    {
        var seconds = new Dictionary<string, List<double>>();
        var found = new Dictionary<string, string>();
        for (var run = 0; run < runs; run++)
        {
            var id = Guid.CreateVersion7();
            var catalog = await catalogs.CreateAsync(id, $"bench-catalog-{id:N}", SourceKind.Folder, "/synthetic", "/synthetic-derived", ct);
            try
            {
                var write = Stopwatch.StartNew();
                await SyntheticCatalog.WriteAsync(dataSource, id, images, seed: run, SyntheticCatalog.ChunkRows, ct);
                Add("write", write.Elapsed);
                await TimeAsync("geohash", () => phases.GeohashAsync(id, force: true, ct));
                await TimeAsync("duplicates", () => phases.DetectDuplicatesAsync(id, JobInput.DefaultThreshold, null, force: false, ct));
                await TimeAsync("bursts", () => phases.DetectBurstsAsync(id, JobInput.DefaultBurstGap, force: false, ct));
                await TimeAsync("duplicates unchanged", () => phases.DetectDuplicatesAsync(id, JobInput.DefaultThreshold, null, force: false, ct));
                await TimeAsync("bursts unchanged", () => phases.DetectBurstsAsync(id, JobInput.DefaultBurstGap, force: false, ct));
                var clock = Stopwatch.StartNew();
                var report = await health.ReportAsync(catalog, ct);
                Add("health", clock.Elapsed);
                found["health"] = $"{report.Recommendations.Count} recommendations";
                clock.Restart();
                var rows = await catalogs.DeleteAsync(id, ct);
                Add("delete", clock.Elapsed);
                found["delete"] = $"{rows} rows in transactions of at most {CatalogRepository.DeleteChunk}";
            }
            finally
            {
                await catalogs.DeleteAsync(id, CancellationToken.None);
            }
        }

        using var process = Process.GetCurrentProcess();
        return new CatalogSizeResult(
            images, seconds.ToDictionary(s => s.Key, s => Math.Round(Median(s.Value), 3)), found, process.PeakWorkingSet64 / (1024 * 1024));

        async Task TimeAsync(string phase, Func<Task<CatalogJobResult>> work)
        {
            var clock = Stopwatch.StartNew();
            var result = await work();
            Add(phase, clock.Elapsed);
            found[phase] = result.Summary;
        }

        void Add(string phase, TimeSpan elapsed) => (seconds.TryGetValue(phase, out var list) ? list : seconds[phase] = []).Add(elapsed.TotalSeconds);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}

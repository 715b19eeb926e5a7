using System.Diagnostics;
using Lumina.Functions.Configuration;
using Lumina.Functions.Jobs;
using Lumina.Imaging.Vips;
using Lumina.Storage.Catalog;
using Npgsql;

namespace Lumina.Functions.Benchmarks;

/// <summary>
/// What the orchestration of a per-image job writes to the PostgreSQL provider's history: an analyze job over a folder
/// of generated tiny JPEGs (each decoded, analyzed and saved like any photo), counting the history rows inserted (the
/// table's insert counter, so rows of executions that continued as new and were dropped count too) and sampling the
/// job instance's history while it runs; then, optionally, the planning of a job over a folder of many empty files
/// (timed from the job's start until its status leaves "planning"; the job is then cancelled).
/// </summary>
public sealed class HistoryBenchmark(JobService jobs, CatalogRepository catalogs, JobRepository jobRecords, NpgsqlDataSource dataSource, LuminaSettings settings)
{
    private const int FilesPerFolder = 1000;

    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(100);

    /// <summary>PostgreSQL backends report their table counters when idle, at the latest 10 s after a transaction.</summary>
    private static readonly TimeSpan StatsFlush = TimeSpan.FromSeconds(11);

    public async Task<HistoryBenchmarkResult> RunAsync(int images, int planImages, CancellationToken ct)
    {
        if (settings.DurableProvider != DurableProviders.Postgres)
        {
            throw new ArgumentException($"bench history counts the PostgreSQL provider's history rows: unset LUMINA_DURABLE_PROVIDER (now '{settings.DurableProvider}')");
        }

        var run = await RunJobAsync(images, ct);
        var plan = planImages > 0 ? await PlanAsync(planImages, ct) : null;
        return new HistoryBenchmarkResult(settings.TaskHub, settings.Workers, settings.BatchSize, settings.JobWindow, run, plan,
            Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024));
    }

    private async Task<HistoryJobRun> RunJobAsync(int images, CancellationToken ct)
    {
        using var folder = new TempFolder("lumina-bench-history");
        var generating = Stopwatch.StartNew();
        WriteTinyJpegs(folder.Path, images);
        var generated = generating.Elapsed;

        return await WithCatalogAsync(folder.Path, async catalog =>
        {
            var insertedBefore = await HistoryInsertsAsync(ct);
            var clock = Stopwatch.StartNew();
            var job = await jobs.StartAsync(JobTypes.Analyze, new JobInput(catalog.Id), ct);
            TimeSpan? planned = null;
            int largest = 0;
            var executions = new HashSet<string>();
            JobStatus status;
            while (true)
            {
                status = (await jobs.GetAsync(job.Id, ct))!;
                if (planned is null && status.Progress is { Phase: not "planning" })
                {
                    planned = clock.Elapsed;
                }

                foreach (var (execution, rows) in await HistoryAsync(job.Id, ct))
                {
                    executions.Add(execution);
                    largest = Math.Max(largest, rows);
                }

                if (!status.IsRunning)
                {
                    break;
                }

                await Task.Delay(Sample, ct);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var result = status.OutputAs<ImageJobResult>() ?? throw new InvalidOperationException($"the analyze job ended {status.State}: {status.Error}");
            await Task.Delay(StatsFlush, ct);
            var inserted = await HistoryInsertsAsync(ct) - insertedBefore;
            return new HistoryJobRun(
                images, Math.Round(generated.TotalSeconds, 1), result.Analyzed, result.Failed, Math.Round(seconds, 1), Math.Round(images / seconds, 1),
                Math.Round(planned?.TotalSeconds ?? seconds, 2), executions.Count, inserted, Math.Round(inserted * 1000.0 / images, 1), largest);
        }, ct);
    }

    private async Task<HistoryPlanRun> PlanAsync(int images, CancellationToken ct)
    {
        using var folder = new TempFolder("lumina-bench-plan");
        var writing = Stopwatch.StartNew();
        WriteEmptyFiles(folder.Path, images);
        var written = writing.Elapsed;

        return await WithCatalogAsync(folder.Path, async catalog =>
        {
            var clock = Stopwatch.StartNew();
            var job = await jobs.StartAsync(JobTypes.Analyze, new JobInput(catalog.Id), ct);
            JobStatus status;
            do
            {
                await Task.Delay(Sample, ct);
                status = (await jobs.GetAsync(job.Id, ct))!;
            }
            while (status.IsRunning && status.Progress is null or { Phase: "planning" });

            var planned = clock.Elapsed;
            if (status.Progress is not { Phase: "analyzing" } progress)
            {
                throw new InvalidOperationException($"the job planning {images:N0} files ended {status.State}: {status.Error}");
            }

            await jobs.CancelAsync(job.Id, ct);
            await jobs.WaitAsync(job.Id, null, ct);
            await jobRecords.DeleteBatchesAsync(job.Id, ct);
            return new HistoryPlanRun(images, Math.Round(written.TotalSeconds, 1), progress.Total, Math.Round(planned.TotalSeconds, 2));
        }, ct);
    }

    private async Task<T> WithCatalogAsync<T>(string folder, Func<CatalogRecord, Task<T>> measure, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var derived = Path.Combine(Path.GetTempPath(), $"lumina-bench-{id:N}");
        var catalog = await catalogs.CreateAsync(id, $"bench-{id:N}", SourceKind.Folder, folder, derived, ct);
        try
        {
            return await measure(catalog);
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

    /// <summary>Distinct 32x24 noise JPEGs (a few kB each), a thousand per subfolder.</summary>
    private static void WriteTinyJpegs(string root, int count) =>
        Parallel.For(0, Folders(root, count), i =>
        {
            var pixels = new byte[32 * 24 * 3];
            new Random(i).NextBytes(pixels);
            using var image = VipsImage.FromPixels(pixels, 32, 24, 3);
            File.WriteAllBytes(PathOf(root, i, ".jpg"), image.SaveJpeg(80));
        });

    private static void WriteEmptyFiles(string root, int count) =>
        Parallel.For(0, Folders(root, count), i => File.Create(PathOf(root, i, ".jpg"), 1, FileOptions.None).Dispose());

    /// <summary>Makes the subfolders of <paramref name="count"/> files and returns the count.</summary>
    private static int Folders(string root, int count)
    {
        for (var folder = 0; folder * FilesPerFolder < count; folder++)
        {
            Directory.CreateDirectory(Path.Combine(root, Folder(folder)));
        }

        return count;
    }

    private static string PathOf(string root, int i, string extension) => Path.Combine(root, Folder(i / FilesPerFolder), $"{i:D7}{extension}");

    private static string Folder(int n) => n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Rows ever inserted into the provider's history table (every task hub of this database).</summary>
    private async Task<long> HistoryInsertsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "SELECT pg_stat_clear_snapshot(); SELECT n_tup_ins FROM pg_stat_user_tables WHERE schemaname = 'durabletask' AND relname = 'history'", connection);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        return await reader.ReadAsync(ct) ? reader.GetInt64(0) : throw new InvalidOperationException("no durabletask.history table: is the PostgreSQL provider in use?");
    }

    /// <summary>The job instance's history rows now, per execution (one but while an episode continues as new).</summary>
    private async Task<IReadOnlyList<(string Execution, int Rows)>> HistoryAsync(string instance, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT execution_id, count(*)::int FROM durabletask.history WHERE task_hub = $1 AND instance_id = $2 GROUP BY execution_id");
        cmd.Parameters.Add(new() { Value = settings.TaskHub });
        cmd.Parameters.Add(new() { Value = instance });
        var rows = new List<(string, int)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return rows;
    }

    private sealed class TempFolder : IDisposable
    {
        public TempFolder(string prefix) => Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

using System.Diagnostics;
using System.Globalization;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Jobs;
using Lumina.Storage.Catalog;
using Microsoft.DurableTask.Client;

namespace Lumina.Functions.Benchmarks;

/// <summary>
/// Lumina's side: <c>lumina analyze &lt;folder&gt; --catalog bench-... --workers N</c> timed as a whole command, startup
/// and exit included, on a fresh catalog that is deleted afterwards (rows and derived files; never an original). A run
/// counts only when the command exited 0 and its analyze job completed with every image analyzed.
/// </summary>
public sealed class AnalyzeCommandRun(LuminaCommand command, CatalogRepository catalogs, CatalogService catalogService, JobService jobs, ImageRepository images)
{
    public async Task<TimeSpan> RunAsync(string folder, int expected, int workers, CancellationToken ct)
    {
        var name = $"bench-{Guid.NewGuid():N}";
        var start = new ProcessStartInfo(command.FileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[.. command.Prefix, "analyze", folder, "--catalog", name, "--workers", workers.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in command.Environment)
        {
            start.Environment[variable] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new IOException($"{command.FileName} could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var elapsed = clock.Elapsed;
        var output = (await stdout + await stderr).Trim();
        var catalog = await catalogs.FindAsync(name, ct);
        try
        {
            if (process.ExitCode != 0)
            {
                throw new BenchmarkException($"lumina analyze exited {process.ExitCode}: {Tail(output)}");
            }

            await CheckJobAsync(catalog ?? throw new BenchmarkException($"lumina analyze exited 0 but made no catalog '{name}': {Tail(output)}"), expected, ct);
            return elapsed;
        }
        finally
        {
            if (catalog is not null)
            {
                await DeleteAsync(catalog);
            }
        }
    }

    private async Task CheckJobAsync(CatalogRecord catalog, int expected, CancellationToken ct)
    {
        var job = (await jobs.ListAsync(catalog.Id, JobTypes.Analyze, null, 1, ct)).FirstOrDefault()
            ?? throw new BenchmarkException($"lumina analyze exited 0 but catalog '{catalog.Name}' has no analyze job");
        if (job.RuntimeStatus != OrchestrationRuntimeStatus.Completed || job.OutputAs<ImageJobResult>() is not { } result)
        {
            throw new BenchmarkException($"the analyze job {job.Id} ended {job.State}: {job.Error}");
        }

        if (result.Analyzed != expected || result.Failed != 0)
        {
            var failures = await images.ListFailuresAsync(catalog.Id, 3, ct);
            throw new BenchmarkException(
                $"the analyze job {job.Id} analyzed {result.Analyzed} of {expected} images ({result.Failed} failed)" +
                string.Concat(failures.Select(f => $"; {f.Path}: {f.Error}")));
        }
    }

    /// <summary>The catalog's rows, and its derived files when they are in Lumina's own derived folder.</summary>
    private async Task DeleteAsync(CatalogRecord catalog)
    {
        await catalogs.DeleteAsync(catalog.Id, CancellationToken.None);
        var derived = Path.GetFullPath(catalog.Derived);
        if (derived.StartsWith(Path.GetFullPath(catalogService.DerivedRoot) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && Directory.Exists(derived))
        {
            Directory.Delete(derived, recursive: true);
        }
    }

    private static string Tail(string output) => string.Join("; ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}

using System.Collections.Concurrent;
using Lumina.Core.Pipeline;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Configuration;
using Lumina.Imaging.Analysis;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Analysis;

/// <summary>How an analyze run behaves.</summary>
public sealed record AnalyzeOptions(bool RedoAll, int Workers);

/// <summary>What an analyze run did.</summary>
public sealed record AnalyzeSummary(
    string Catalog, int Found, int Unchanged, int Analyzed, int Failed, int MarkedRemoved, TimeSpan Elapsed, IReadOnlyList<ImageFailure> Failures)
{
    public double ImagesPerSecond => (Analyzed + Failed) / Math.Max(Elapsed.TotalSeconds, 1e-3);
}

/// <summary>
/// An incremental analysis of a whole catalog: lists the originals, plans what needs work, and runs
/// the batches in parallel (one batch per worker at a time).
/// </summary>
public sealed class AnalyzeRun(CatalogService catalogs, ImageRepository images, AnalyzeBatch batch, LuminaSettings settings)
{
    public async Task<AnalyzeSummary> RunAsync(CatalogRecord catalog, AnalyzeOptions options, Action<WorkCounter>? started, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var files = await catalogs.Originals(catalog).ListAsync("", ct)
            .Where(b => ImageFormats.HasImageExtension(b.Name))
            .Select(b => new OriginalFile(b.Name, b.Size, b.LastModified, b.ETag))
            .ToListAsync(ct);
        var stored = await images.GetStatesAsync(catalog.Id, ProcessingSteps.Analysis, ct);
        var plan = IncrementalPlan.Build(files, stored, options.RedoAll);
        var removed = plan.Vanished.Count == 0 ? 0 : await images.MarkRemovedAsync(catalog.Id, plan.Vanished, ct);

        var counter = new WorkCounter(plan.ToAnalyze.Count);
        started?.Invoke(counter);
        var failures = new ConcurrentBag<ImageFailure>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Workers, CancellationToken = ct };
        await Parallel.ForEachAsync(plan.ToAnalyze.Chunk(settings.BatchSize), parallel, async (chunk, token) =>
        {
            var result = await batch.RunAsync(new AnalyzeBatchInput(catalog.Id, chunk), counter, token);
            foreach (var failure in result.Failures)
            {
                failures.Add(failure);
            }
        });

        var failed = failures.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        return new AnalyzeSummary(
            catalog.Name, files.Count, plan.Unchanged, plan.ToAnalyze.Count - failed.Count, failed.Count, removed, clock.Elapsed, failed);
    }
}

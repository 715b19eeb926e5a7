using System.Diagnostics;
using System.Text.Json.Serialization;
using Lumina.Functions.Jobs;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Import;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Benchmarks;

/// <summary>Import throughput, and analyze throughput from blob storage against a local folder (medians).</summary>
public sealed record BlobBenchmarkResult(
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("megabytes")] double Megabytes,
    [property: JsonPropertyName("workers")] int Workers,
    [property: JsonPropertyName("import_files_per_second")] double ImportFilesPerSecond,
    [property: JsonPropertyName("import_megabytes_per_second")] double ImportMegabytesPerSecond,
    [property: JsonPropertyName("analyze_local_images_per_second")] double AnalyzeLocal,
    [property: JsonPropertyName("analyze_blob_images_per_second")] double AnalyzeBlob,
    [property: JsonPropertyName("blob_to_local_ratio")] double Ratio);

/// <summary>
/// Imports a folder into a throwaway container, then analyzes the same photos from the container and
/// from the folder, alternating runs; removes the containers, catalogs and derived files afterwards.
/// </summary>
public sealed class BlobBenchmark(CatalogService catalogs, CatalogRepository catalogRows, ImportRun import, JobService jobs)
{
    public async Task<BlobBenchmarkResult> RunAsync(string folder, string connection, int workers, int runs, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var container = $"lumina-bench-{id}";
        await AzureBlobStore.Create(connection, container).Container.CreateIfNotExistsAsync(ct);
        var blob = await catalogs.CreateBlobCatalogAsync($"bench-blob-{id}", new BlobLocation(connection, container, ""), null, ct);
        var local = await catalogs.EnsureFolderCatalogAsync(folder, $"bench-local-{id}", ct);
        try
        {
            var imported = await import.RunAsync(blob, folder, Math.Max(4, workers * 2), null, ct);
            var blobRates = new List<double>();
            var localRates = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                blobRates.Add(await RateAsync(blob, ct));
                localRates.Add(await RateAsync(local, ct));
            }

            var blobRate = Median(blobRates);
            var localRate = Median(localRates);
            return new BlobBenchmarkResult(
                imported.Found, Math.Round(imported.BytesUploaded / 1e6, 1), workers,
                Math.Round(imported.FilesPerSecond, 2), Math.Round(imported.MegabytesPerSecond, 2),
                localRate, blobRate, Math.Round(blobRate / localRate, 3));
        }
        finally
        {
            await AzureBlobStore.Create(connection, container).Container.DeleteContainerAsync(CancellationToken.None);
            await AzureBlobStore.Create(connection, container + "-derived").Container.DeleteContainerAsync(CancellationToken.None);
            await catalogRows.DeleteAsync(blob.Id, CancellationToken.None);
            await catalogRows.DeleteAsync(local.Id, CancellationToken.None);
            if (Directory.Exists(local.Derived))
            {
                Directory.Delete(local.Derived, recursive: true);
            }
        }
    }

    private async Task<double> RateAsync(CatalogRecord catalog, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var status = await jobs.RunAsync(JobTypes.Analyze, new JobInput(catalog.Id, Force: true), null, ct);
        var summary = status.OutputAs<ImageJobResult>() ?? throw new InvalidOperationException($"analyze failed: {status.Error}");
        return Math.Round((summary.Analyzed + summary.Failed) / clock.Elapsed.TotalSeconds, 2);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Lumina.Functions.Analysis;
using Lumina.Functions.Catalogs;
using Lumina.Imaging.Analysis;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Import;

/// <summary>What an import did.</summary>
public sealed record ImportSummary(
    string Catalog, int Found, int Uploaded, int Skipped, int Failed, long BytesUploaded, TimeSpan Elapsed, IReadOnlyList<ImageFailure> Failures)
{
    public double FilesPerSecond => (Uploaded + Skipped) / Math.Max(Elapsed.TotalSeconds, 1e-3);

    public double MegabytesPerSecond => BytesUploaded / 1e6 / Math.Max(Elapsed.TotalSeconds, 1e-3);
}

/// <summary>
/// Uploads a local folder of photos into a blob catalog's container, in parallel. Each blob carries
/// its content's SHA-256 in metadata, so a re-run (after an interruption, or on a grown folder) skips
/// every blob already present with the same content. Never deletes or changes local files.
/// </summary>
public sealed class ImportRun(CatalogService catalogs)
{
    public const string HashMetadata = "sha256";

    public async Task<ImportSummary> RunAsync(CatalogRecord catalog, string folder, int workers, Action<WorkCounter>? started, CancellationToken ct)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new CatalogException($"the folder {root} does not exist");
        }

        var store = catalogs.BlobOriginals(catalog);
        var clock = Stopwatch.StartNew();
        var present = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in store.Container.ListAsync(store.Prefix, includeMetadata: true, ct))
        {
            present[blob.Name[store.Prefix.Length..]] = blob.Metadata.TryGetValue(HashMetadata, out var hash) ? hash : "";
        }

        var files = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
            .Where(ImageFormats.HasImageExtension)
            .Select(f => (Path: f, Name: Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        var counter = new WorkCounter(files.Count);
        started?.Invoke(counter);
        var failures = new ConcurrentBag<ImageFailure>();
        int uploaded = 0, skipped = 0;
        long bytes = 0;
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = ct }, async (file, token) =>
        {
            try
            {
                var content = await File.ReadAllBytesAsync(file.Path, token);
                var hash = Convert.ToHexStringLower(SHA256.HashData(content));
                if (present.TryGetValue(file.Name, out var existing) && existing == hash)
                {
                    Interlocked.Increment(ref skipped);
                }
                else
                {
                    using var body = new MemoryStream(content, writable: false);
                    await store.Container.UploadAsync(store.Prefix + file.Name, body, ContentType(file.Name), new Dictionary<string, string> { [HashMetadata] = hash }, token);
                    Interlocked.Increment(ref uploaded);
                    Interlocked.Add(ref bytes, content.Length);
                }

                counter.Add(1, 0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                failures.Add(new ImageFailure(file.Name, e.Message));
                counter.Add(1, 1);
            }
        });

        var failed = failures.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        return new ImportSummary(catalog.Name, files.Count, uploaded, skipped, failed.Count, bytes, clock.Elapsed, failed);
    }

    private static string ContentType(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" or ".jpe" or ".jfif" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        ".tif" or ".tiff" => "image/tiff",
        ".gif" => "image/gif",
        ".heic" or ".hif" => "image/heic",
        ".heif" => "image/heif",
        ".avif" => "image/avif",
        ".jxl" => "image/jxl",
        _ => "application/octet-stream",
    };
}

using System.Security.Cryptography;
using Lumina.Core.Pipeline;
using Lumina.Durable;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Clip;
using Lumina.Functions.Configuration;
using Lumina.Imaging.Analysis;
using Lumina.Storage.Blobs;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Analysis;

/// <summary>Input of one analysis batch: a catalog and the originals to analyze, and the job batch they are when they are one.</summary>
public sealed record AnalyzeBatchInput(Guid CatalogId, IReadOnlyList<OriginalFile> Images, (string JobId, int Batch)? JobBatch = null);

/// <summary>
/// What one batch did; failures are also recorded on the images' rows. Touched files and files that moved
/// kept the catalog's analysis of their content (<see cref="Touched"/>, <see cref="MovedKept"/>: not decoded);
/// <see cref="MovedFrom"/> holds, for every file that moved, when its image had been marked removed.
/// </summary>
public sealed record AnalyzeBatchResult(
    int Analyzed, int Failed, IReadOnlyList<ImageFailure> Failures, int Touched, int MovedKept, IReadOnlyList<DateTimeOffset?> MovedFrom);

public sealed record ImageFailure(string Path, string Error);

/// <summary>
/// The per-image work as one function over a batch (the shape of an orchestration activity): reads
/// each original once, analyzes it within the per-image time limit, writes its thumbnail and preview,
/// and saves the batch in one transaction. A file planned to be hashed first keeps the catalog's analysis
/// of its content when the catalog holds it (a touch, or a move) and is then not decoded.
/// Bad input never throws: it is recorded on the image. Derived files are registered before they are
/// written, so that no cleanup deletes one before its image is saved. A job's batch is
/// analyzed once: its result is saved in that transaction, and a run that comes after (the activity ran again because
/// its host died after the commit) returns it without reading an original.
/// </summary>
public sealed class AnalyzeBatch(
    CatalogService catalogs, CatalogRepository catalogRows, ImageRepository images, DerivedFileRepository derivedFiles, JobRepository jobs,
    ImageAnalyzer analyzer, ClipService clip, LuminaSettings settings)
{
    /// <summary>Analyzes batch <paramref name="batch"/> of job <paramref name="jobId"/>, or returns its result if a run saved it already.</summary>
    public async Task<AnalyzeBatchResult> RunJobBatchAsync(string jobId, Guid catalogId, int batch, CancellationToken ct)
    {
        var stored = await jobs.ReadBatchAsync(jobId, batch, ct);
        return stored.Result is { } saved
            ? DurableJson.Deserialize<AnalyzeBatchResult>(saved)!
            : await RunAsync(new AnalyzeBatchInput(catalogId, stored.Images, (jobId, batch)), ct);
    }

    public async Task<AnalyzeBatchResult> RunAsync(AnalyzeBatchInput input, CancellationToken ct)
    {
        if (input.Images.Count == 0)
        {
            return new AnalyzeBatchResult(0, 0, [], 0, 0, []);
        }

        var catalog = await catalogRows.GetAsync(input.CatalogId.ToString(), ct);
        var originals = catalogs.Originals(catalog);
        var derived = catalogs.Derived(catalog);
        var rows = new List<AnalysisRow>();
        var unreadable = new List<ReadFailure>();
        var failures = new List<ImageFailure>();
        var clipInputs = new List<(int Row, byte[] Input)>();
        var movedFrom = new List<DateTimeOffset?>();
        int touched = 0, movedKept = 0;
        var writer = Guid.NewGuid();
        var wrote = false;

        Task<(byte[]? Bytes, string? Error)> next = ReadAsync(originals, input.Images[0], ct);
        for (var i = 0; i < input.Images.Count; i++)
        {
            var file = input.Images[i];
            var (bytes, readError) = await next;
            if (i + 1 < input.Images.Count)
            {
                next = ReadAsync(originals, input.Images[i + 1], ct);
            }

            if (bytes is null)
            {
                unreadable.Add(new ReadFailure(file.Path, file.Size, file.Modified, file.ETag, readError!));
                failures.Add(new ImageFailure(file.Path, readError!));
                continue;
            }

            if (file.HashFirst && await images.AdoptAsync(catalog.Id, file, SHA256.HashData(bytes), ProcessingSteps.Analysis, ct) is { } adopted)
            {
                var moved = adopted.Image.Path != file.Path;
                if (moved)
                {
                    movedFrom.Add(adopted.RemovedAt);
                }

                if (!adopted.Image.NeedsAnalysis(retryFailed: false))
                {
                    touched += moved ? 0 : 1;
                    movedKept += moved ? 1 : 0;
                    continue;
                }
            }

            var analysis = await AnalyzeWithinTimeLimitAsync(bytes, file.Path, ct);
            string? thumbnailRef = null, previewRef = null;
            if (analysis.Pixels is { } pixels)
            {
                var name = Convert.ToHexStringLower(analysis.Sha256);
                string thumbnail = $"thumbnails/{name[..2]}/{name}.webp", preview = $"previews/{name[..2]}/{name}.jpg";
                await derivedFiles.RegisterAsync(catalog.Id, writer, [thumbnail, preview], ct);
                wrote = true;
                thumbnailRef = await PutAsync(derived, thumbnail, pixels.Thumbnail, ct);
                previewRef = await PutAsync(derived, preview, pixels.Preview, ct);
            }

            if (analysis.Pixels?.ClipInput is { } clipInput)
            {
                clipInputs.Add((rows.Count, clipInput));
            }

            rows.Add(AnalysisRows.From(file, analysis, thumbnailRef, previewRef));
            if (analysis.Error is { } error)
            {
                failures.Add(new ImageFailure(file.Path, error));
            }
        }

        var embeddings = await EmbedAsync(rows, clipInputs, ct);
        IEnumerable<string> steps = clip.Configured ? [.. ProcessingSteps.Analysis.Keys, ProcessingSteps.Clip] : ProcessingSteps.Analysis.Keys;
        var result = new AnalyzeBatchResult(rows.Count + unreadable.Count - failures.Count, failures.Count, failures, touched, movedKept, movedFrom);
        var saved = input.JobBatch is { } job ? new JobBatchResult(job.JobId, job.Batch, DurableJson.Serialize(result)!) : null;
        var first = await images.SaveAnalysisAsync(catalog.Id, rows, unreadable, steps, embeddings, saved, ct);
        if (wrote)
        {
            await derivedFiles.WrittenAsync(catalog.Id, writer, ct);
        }

        // Another run of this batch saved it first (its host was thought dead): its images and result stand.
        return first ? result : DurableJson.Deserialize<AnalyzeBatchResult>((await jobs.ReadBatchAsync(saved!.JobId, saved.Batch, ct)).Result)!;
    }

    /// <summary>CLIP embeddings of the batch's decoded images in one batched run; their rows get the clip flag.</summary>
    private async Task<EmbeddingBatch?> EmbedAsync(List<AnalysisRow> rows, List<(int Row, byte[] Input)> inputs, CancellationToken ct)
    {
        if (inputs.Count == 0)
        {
            return null;
        }

        var model = await clip.ModelAsync(ct);
        var vectors = model.Images.Encode([.. inputs.Select(i => (ReadOnlyMemory<byte>)i.Input)], ct);
        foreach (var (row, _) in inputs)
        {
            rows[row] = rows[row] with
            {
                Steps = new Dictionary<string, int>(rows[row].Steps) { [ProcessingSteps.Clip] = ProcessingSteps.All[ProcessingSteps.Clip] },
            };
        }

        return new EmbeddingBatch(
            model.Images.Identity.ToString(),
            [.. inputs.Select(i => rows[i.Row].Path)],
            [.. vectors.Select(v => System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan()).ToArray())]);
    }

    private static async Task<(byte[]?, string?)> ReadAsync(IBlobStore store, OriginalFile file, CancellationToken ct)
    {
        try
        {
            return (await store.ReadAllBytesAsync(file.Path, ct), null);
        }
        catch (BlobNotFoundException)
        {
            return (null, "the original vanished before it could be read");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"the original could not be read: {e.Message}");
        }
    }

    private async Task<ImageAnalysis> AnalyzeWithinTimeLimitAsync(byte[] bytes, string path, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(settings.ImageTimeLimit);
        var work = Task.Run(() => analyzer.Analyze(bytes, path, limit.Token), CancellationToken.None);
        try
        {
            // The grace period lets a decode that libvips stopped report it; a decode stuck where
            // libvips cannot stop it is abandoned on its thread so the run goes on.
            return await work.WaitAsync(settings.ImageTimeLimit + TimeSpan.FromSeconds(5), ct);
        }
        catch (TimeoutException)
        {
            return new ImageAnalysis
            {
                Sha256 = SHA256.HashData(bytes),
                Size = bytes.Length,
                Error = $"analysis took longer than the per-image limit of {settings.ImageTimeLimit.TotalSeconds:F0} s (LUMINA_IMAGE_TIMEOUT)",
            };
        }
    }

    private static async Task<string> PutAsync(IBlobStore store, string name, EncodedImage image, CancellationToken ct)
    {
        using var content = new MemoryStream(image.Bytes, writable: false);
        await store.PutAsync(name, content, image.ContentType, ct);
        return name;
    }
}

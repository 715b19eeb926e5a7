using System.Net;
using Lumina.Core.Pipeline;
using Lumina.Functions.Analysis;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Jobs;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Triggers;

/// <summary>A blob version could not be analyzed; the ingest orchestration tries it again.</summary>
public sealed class IngestFailedException(string message) : Exception(message);

/// <summary>Storage refuses the blob for good (401, 403, 404): trying again cannot help, so the version is poison at once.</summary>
public sealed class PermanentIngestException(string message) : Exception(message);

/// <summary>
/// One uploaded blob version's ingest: a blob that is gone is marked removed; one already replaced by a newer
/// version is left to that version's own ingest; otherwise the image is analyzed (unless it already was, from
/// this very version), geohashed, and the derived files of the version it replaced are deleted when no image
/// uses them any more. An image that fails analysis throws, so it is retried.
/// </summary>
public sealed class UploadIngest(
    CatalogRepository catalogs, CatalogService stores, ImageRepository images, DerivedFileRepository derivedFiles, AnalyzeBatch batch, CatalogPhases phases)
{
    public const string Analyzed = "analyzed";
    public const string Removed = "removed";
    public const string Superseded = "superseded";

    public async Task<string> RunAsync(IngestInput input, CancellationToken ct)
    {
        var catalog = await catalogs.GetAsync(input.CatalogId.ToString(), ct);
        Storage.Blobs.BlobInfo? blob;
        try
        {
            blob = await stores.Originals(catalog).GetPropertiesAsync(input.BlobName, ct);
        }
        catch (BlobStorageException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            throw new PermanentIngestException(e.Message);
        }

        if (blob is null)
        {
            await images.MarkRemovedAsync(catalog.Id, [input.BlobName], ct);
            return Removed;
        }

        if (blob.ETag != input.ETag)
        {
            return Superseded;
        }

        var before = (await images.VersionsAsync(catalog.Id, [input.BlobName], ct)).GetValueOrDefault(input.BlobName);
        if (before is null || before.ETag != blob.ETag || before.Error is not null)
        {
            var result = await batch.RunAsync(
                new AnalyzeBatchInput(catalog.Id, [new OriginalFile(blob.Name, blob.Size, blob.LastModified, blob.ETag)]), ct);
            if (result.Failures is [var failure, ..])
            {
                throw new IngestFailedException(failure.Error);
            }

            if (before is { Sha256: { } replaced })
            {
                string[] files = [.. new[] { before.Thumbnail, before.Preview }.OfType<string>()];
                await derivedFiles.DeleteUnusedAsync(catalog.Id, replaced, files, stores.Derived(catalog), ct);
            }
        }

        await phases.GeohashImagesAsync(catalog.Id, [input.BlobName], ct);
        return Analyzed;
    }
}

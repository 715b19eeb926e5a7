using Lumina.Core.Pipeline;
using Microsoft.DurableTask;
using Lumina.Functions.Analysis;
using Lumina.Functions.Catalogs;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Triggers;

/// <summary>How a blob version's processing ended, for its receipt.</summary>
public sealed record ReceiptOutcome(IngestInput Input, bool Done, int Attempts, string? Error);

/// <summary>A blob version could not be analyzed; the ingest orchestration tries it again.</summary>
public sealed class IngestFailedException(string message) : Exception(message);

/// <summary>
/// Analyzes one uploaded blob version. A blob that is gone is marked removed; one already replaced by a
/// newer version is left to that version's own ingest. An image that fails analysis throws, so it is retried.
/// </summary>
public sealed class IngestImageActivity(CatalogRepository catalogs, CatalogService stores, ImageRepository images, AnalyzeBatch batch)
    : TaskActivity<IngestInput, string>
{
    public const string Name = "ingest-image";

    public override async Task<string> RunAsync(TaskActivityContext context, IngestInput input)
    {
        var ct = CancellationToken.None;
        var catalog = await catalogs.GetAsync(input.CatalogId.ToString(), ct);
        var blob = await stores.Originals(catalog).GetPropertiesAsync(input.BlobName, ct);
        if (blob is null)
        {
            await images.MarkRemovedAsync(catalog.Id, [input.BlobName], ct);
            return "removed";
        }

        if (blob.ETag != input.ETag)
        {
            return "superseded";
        }

        var result = await batch.RunAsync(
            new AnalyzeBatchInput(catalog.Id, [new OriginalFile(blob.Name, blob.Size, blob.LastModified, blob.ETag)]), ct);
        return result.Failures is [var failure, ..] ? throw new IngestFailedException(failure.Error) : "analyzed";
    }
}

public sealed class FinishReceiptActivity(ReceiptRepository receipts) : TaskActivity<ReceiptOutcome, bool>
{
    public const string Name = "finish-receipt";

    public override async Task<bool> RunAsync(TaskActivityContext context, ReceiptOutcome input)
    {
        await receipts.FinishAsync(input.Input.CatalogId, input.Input.BlobName, input.Input.ETag, input.Done, input.Attempts, input.Error, CancellationToken.None);
        return true;
    }
}

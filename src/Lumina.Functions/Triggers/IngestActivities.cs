using Microsoft.DurableTask;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Triggers;

/// <summary>
/// Where a blob version's processing stands, for its receipt: <see cref="Outcome"/> is what the ingest activity
/// returned, or "retrying" (with <see cref="NextTry"/>) or "poison".
/// </summary>
public sealed record ReceiptOutcome(IngestInput Input, string Outcome, int Attempts, string? Error, DateTime? NextTry = null);

/// <summary>Analyzes one uploaded blob version (see <see cref="UploadIngest"/>); a failure throws, so it is retried.</summary>
public sealed class IngestImageActivity(UploadIngest ingest) : TaskActivity<IngestInput, string>
{
    public const string Name = "ingest-image";

    public override Task<string> RunAsync(TaskActivityContext context, IngestInput input) => ingest.RunAsync(input, CancellationToken.None);
}

/// <summary>Records a blob version's retry or end on its receipt.</summary>
public sealed class RecordReceiptActivity(ReceiptRepository receipts) : TaskActivity<ReceiptOutcome, bool>
{
    public const string Name = "record-receipt";

    public override async Task<bool> RunAsync(TaskActivityContext context, ReceiptOutcome input)
    {
        var status = input.Outcome switch
        {
            UploadIngest.Superseded => "superseded",
            UploadIngest.Analyzed or UploadIngest.Removed => "done",
            var other => other,
        };
        var nextTry = input.NextTry is { } next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        await receipts.RecordAsync(input.Input.CatalogId, input.Input.BlobName, input.Input.ETag, status, input.Attempts, input.Error, nextTry, CancellationToken.None);
        return true;
    }
}

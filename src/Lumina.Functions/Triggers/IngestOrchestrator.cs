using Microsoft.DurableTask;

namespace Lumina.Functions.Triggers;

/// <summary>One uploaded blob version to analyze; <see cref="RetrySeconds"/> is the first wait after a failure.</summary>
public sealed record IngestInput(Guid CatalogId, string BlobName, string ETag, double RetrySeconds);

/// <summary>How an upload ended: analyzed, skipped (gone or already replaced by a newer version), or poison.</summary>
public sealed record IngestResult(string BlobName, string Outcome, int Attempts, string? Error);

/// <summary>
/// Analyzes one uploaded image (one image per activity, as blob-upload ingest should be). A failure is
/// tried again after a durable timer, doubling the wait, 5 attempts in all, as Functions' blob trigger
/// does, the receipt saying when; then the blob version is recorded as poison. A version storage refuses
/// for good (401, 403, 404) is poison at once. Either way its receipt records the outcome.
/// </summary>
public sealed class IngestOrchestrator : TaskOrchestrator<IngestInput, IngestResult>
{
    public const string Name = "ingest";
    public const int MaxAttempts = 5;

    public override async Task<IngestResult> RunAsync(TaskOrchestrationContext context, IngestInput input)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await context.CallActivityAsync<string>(IngestImageActivity.Name, input);
                await context.CallActivityAsync<bool>(RecordReceiptActivity.Name, new ReceiptOutcome(input, outcome, attempt, null));
                return new IngestResult(input.BlobName, outcome, attempt, null);
            }
            catch (TaskFailedException e) when (attempt < MaxAttempts && !e.FailureDetails.IsCausedBy<PermanentIngestException>())
            {
                var error = e.FailureDetails.ErrorMessage;
                var nextTry = context.CurrentUtcDateTime.AddSeconds(input.RetrySeconds * Math.Pow(2, attempt - 1));
                await context.CallActivityAsync<bool>(RecordReceiptActivity.Name, new ReceiptOutcome(input, "retrying", attempt, error, nextTry));
                context.SetCustomStatus(new { attempt, error, next_try = nextTry });
                await context.CreateTimer(nextTry, CancellationToken.None);
            }
            catch (TaskFailedException e)
            {
                var error = e.FailureDetails.ErrorMessage;
                await context.CallActivityAsync<bool>(RecordReceiptActivity.Name, new ReceiptOutcome(input, "poison", attempt, error));
                return new IngestResult(input.BlobName, "poison", attempt, error);
            }
        }
    }
}

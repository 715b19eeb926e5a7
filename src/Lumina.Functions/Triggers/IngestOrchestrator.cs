using Microsoft.DurableTask;

namespace Lumina.Functions.Triggers;

/// <summary>One uploaded blob version to analyze; <see cref="RetrySeconds"/> is the first wait after a failure.</summary>
public sealed record IngestInput(Guid CatalogId, string BlobName, string ETag, double RetrySeconds);

/// <summary>How an upload ended: analyzed, skipped (gone or already replaced by a newer version), or poison.</summary>
public sealed record IngestResult(string BlobName, string Outcome, int Attempts, string? Error);

/// <summary>
/// Analyzes one uploaded image (one image per activity, as blob-upload ingest should be). A failure is
/// tried again after a durable timer, doubling the wait, 5 attempts in all, as Functions' blob trigger
/// does; then the blob version is recorded as poison. Either way its receipt records the outcome.
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
                await context.CallActivityAsync<bool>(FinishReceiptActivity.Name, new ReceiptOutcome(input, Done: true, attempt, null));
                return new IngestResult(input.BlobName, outcome, attempt, null);
            }
            catch (TaskFailedException e) when (attempt < MaxAttempts)
            {
                context.SetCustomStatus(new { attempt, error = e.FailureDetails.ErrorMessage });
                await context.CreateTimer(TimeSpan.FromSeconds(input.RetrySeconds * Math.Pow(2, attempt - 1)), CancellationToken.None);
            }
            catch (TaskFailedException e)
            {
                var error = e.FailureDetails.ErrorMessage;
                await context.CallActivityAsync<bool>(FinishReceiptActivity.Name, new ReceiptOutcome(input, Done: false, attempt, error));
                return new IngestResult(input.BlobName, "poison", attempt, error);
            }
        }
    }
}

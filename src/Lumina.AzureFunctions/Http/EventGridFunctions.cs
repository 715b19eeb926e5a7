using Lumina.Functions.Catalogs;
using Lumina.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Lumina.AzureFunctions.Http;

/// <summary>Event Grid's blob events (<see cref="EventGridApi"/>): deletions mark images removed; creations feed the same receipts as the blob trigger.</summary>
public sealed class EventGridFunctions(BlobCatalogMatcher matcher, DurableServices durable)
{
    [Function("BlobEvents")]
    public Task<IResult> BlobEventsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/events/blobs")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        HttpAnswers.AnswerAsync(request, () => EventGridApi.HandleAsync(request, matcher, durable.Uploads(client), ct));
}

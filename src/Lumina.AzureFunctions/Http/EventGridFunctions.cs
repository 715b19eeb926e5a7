using Lumina.Functions.Catalogs;
using Lumina.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Lumina.AzureFunctions.Http;

/// <summary>
/// Event Grid's blob events (<see cref="EventGridApi"/>): deletions mark images removed; creations feed the same receipts as
/// the blob trigger. The one HTTP function on the Functions host's keys: the subscription's URL carries the host's default
/// function key (main.bicep reads it with listKeys), which opens this function and nothing else; no Lumina key is in Event Grid.
/// </summary>
public sealed class EventGridFunctions(BlobCatalogMatcher matcher, DurableServices durable)
{
    [Function("BlobEvents")]
    public Task<IResult> BlobEventsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/events/blobs")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        HttpAnswers.AnswerCheckedByHostAsync(request, () => EventGridApi.HandleAsync(request, matcher, durable.Uploads(client), ct));
}

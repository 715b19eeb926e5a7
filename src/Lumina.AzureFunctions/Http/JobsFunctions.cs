using Lumina.Functions.Http;
using Lumina.Storage.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using static Lumina.AzureFunctions.Http.HttpAnswers;

namespace Lumina.AzureFunctions.Http;

/// <summary>The jobs routes (<see cref="JobsApi"/>) as HTTP functions.</summary>
public sealed class JobsFunctions(DurableServices durable, CatalogRepository catalogs)
{
    [Function("JobsStart")]
    public Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/jobs/{type}")] HttpRequest request, string type,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        AnswerAsync(request, () => JobsApi.StartAsync(type, request, durable.Jobs(client), catalogs, ct));

    [Function("JobsList")]
    public Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/jobs")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        AnswerAsync(request, () => JobsApi.ListAsync(
            durable.Jobs(client), catalogs, Query(request, "type"), Query(request, "catalog"), Query(request, "status"), Query(request, "top"), ct));

    [Function("JobsGet")]
    public Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/jobs/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        AnswerAsync(request, () => JobsApi.GetAsync(id, request, durable.Jobs(client), ct));

    [Function("JobsCancel")]
    public Task<IResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/jobs/{id}/cancel")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        AnswerAsync(request, () => JobsApi.CancelAsync(id, durable.Jobs(client), ct));
}

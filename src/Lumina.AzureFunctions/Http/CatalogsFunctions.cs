using Lumina.Functions.Catalogs;
using Lumina.Functions.Clip;
using Lumina.Functions.Http;
using Lumina.Storage.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using static Lumina.AzureFunctions.Http.HttpAnswers;

namespace Lumina.AzureFunctions.Http;

/// <summary>The catalogs routes (<see cref="CatalogsApi"/>) as HTTP functions; deleting a catalog takes the admin key.</summary>
public sealed class CatalogsFunctions(
    CatalogService catalogs, ClipService clip, SearchService search, ReceiptRepository receipts, DurableServices durable)
{
    [Function("CatalogsList")]
    public Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs")] HttpRequest request, CancellationToken ct) =>
        AnswerAsync(request, () => CatalogsApi.ListAsync(catalogs, ct));

    [Function("CatalogsCreate")]
    public Task<IResult> CreateAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/catalogs")] HttpRequest request, CancellationToken ct) =>
        AnswerAsync(request, () => CatalogsApi.CreateAsync(request, catalogs, ct));

    [Function("CatalogsGet")]
    public Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => CatalogsApi.GetAsync(id, catalogs, ct));

    [Function("CatalogsDelete")]
    public Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/catalogs/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        AnswerAsync(request, () => CatalogsApi.DeleteAsync(id, durable.Deletion(client), ct));

    [Function("CatalogsHealth")]
    public Task<IResult> HealthAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/health")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        AnswerAsync(request, () => CatalogsApi.HealthAsync(id, Query(request, "format"), catalogs, durable.Health(client), ct));

    [Function("CatalogsSearch")]
    public Task<IResult> SearchAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/search")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => CatalogsApi.SearchAsync(id, Query(request, "q"), Query(request, "similar"), Query(request, "top"), catalogs, clip, search, ct));

    [Function("CatalogsUploads")]
    public Task<IResult> UploadsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/uploads")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => CatalogsApi.UploadsAsync(id, catalogs, receipts, ct));
}

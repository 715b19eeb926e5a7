using Lumina.Functions.Catalogs;
using Lumina.Functions.Http;
using Lumina.Storage.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Lumina.AzureFunctions.Http.HttpAnswers;

namespace Lumina.AzureFunctions.Http;

/// <summary>The rejected originals' routes (<see cref="RejectedApi"/>) as HTTP functions; moving them and back takes the admin key.</summary>
public sealed class RejectedFunctions(CatalogService catalogs, ReviewRepository reviews, RejectedMoveRepository moves, RejectedOriginals rejected)
{
    [Function("RejectedList")]
    public Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/rejected")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => RejectedApi.ListAsync(id, catalogs, reviews, moves, ct));

    [Function("RejectedMove")]
    public Task<IResult> MoveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/catalogs/{id}/rejected/move")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => RejectedApi.MoveAsync(id, request, catalogs, rejected, ct));

    [Function("RejectedRestore")]
    public Task<IResult> RestoreAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/catalogs/{id}/rejected/restore")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => RejectedApi.RestoreAsync(id, request, catalogs, rejected, ct));
}

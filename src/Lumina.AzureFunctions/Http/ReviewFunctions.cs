using Lumina.Functions.Catalogs;
using Lumina.Functions.Http;
using Lumina.Storage.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Lumina.AzureFunctions.Http.HttpAnswers;

namespace Lumina.AzureFunctions.Http;

/// <summary>The review routes (<see cref="ReviewApi"/>) as HTTP functions: duplicate groups and bursts, decisions, accepting the suggestions, undo.</summary>
public sealed class ReviewFunctions(CatalogService catalogs, ReviewRepository reviews)
{
    [Function("DuplicatesList")]
    public Task<IResult> DuplicatesAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/duplicates")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => ReviewApi.DuplicatesAsync(id, Query(request, "cursor"), Query(request, "limit"), Query(request, "undecided"), catalogs, reviews, ct));

    [Function("DuplicatesFirst")]
    public Task<IResult> FirstDuplicateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/duplicates/first")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => ReviewApi.FirstDuplicateAsync(id, Query(request, "undecided"), catalogs, reviews, ct));

    [Function("DuplicatesGet")]
    public Task<IResult> DuplicateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/duplicates/{groupId}")] HttpRequest request, string id, string groupId, CancellationToken ct) =>
        AnswerAsync(request, () => ReviewApi.DuplicateAsync(id, groupId, catalogs, reviews, ct));

    [Function("DuplicatesDecide")]
    public Task<IResult> DecideDuplicateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/catalogs/{id}/duplicates/{groupId}/decisions")] HttpRequest request, string id, string groupId,
        CancellationToken ct) =>
        AnswerAsync(request, () => ReviewApi.DecideDuplicateAsync(id, groupId, request, catalogs, reviews, ct));

    [Function("DuplicatesUndo")]
    public Task<IResult> UndoDuplicateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/catalogs/{id}/duplicates/{groupId}/decisions")] HttpRequest request, string id, string groupId,
        CancellationToken ct) =>
        AnswerAsync(request, () => ReviewApi.UndoDuplicateAsync(id, groupId, catalogs, reviews, ct));

    [Function("DuplicatesAcceptSuggestions")]
    public Task<IResult> AcceptDuplicatesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/catalogs/{id}/duplicates/accept-suggestions")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => ReviewApi.AcceptSuggestionsAsync(id, ReviewKind.Duplicates, request, catalogs, reviews, ct));

    [Function("BurstsList")]
    public Task<IResult> BurstsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/bursts")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => ReviewApi.BurstsAsync(id, Query(request, "cursor"), Query(request, "limit"), Query(request, "undecided"), catalogs, reviews, ct));

    [Function("BurstsFirst")]
    public Task<IResult> FirstBurstAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/bursts/first")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => ReviewApi.FirstBurstAsync(id, Query(request, "undecided"), catalogs, reviews, ct));

    [Function("BurstsGet")]
    public Task<IResult> BurstAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/bursts/{burstId}")] HttpRequest request, string id, string burstId, CancellationToken ct) =>
        AnswerAsync(request, () => ReviewApi.BurstAsync(id, burstId, catalogs, reviews, ct));

    [Function("BurstsDecide")]
    public Task<IResult> DecideBurstAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/catalogs/{id}/bursts/{burstId}/decision")] HttpRequest request, string id, string burstId,
        CancellationToken ct) =>
        AnswerAsync(request, () => ReviewApi.DecideBurstAsync(id, burstId, request, catalogs, reviews, ct));

    [Function("BurstsUndo")]
    public Task<IResult> UndoBurstAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/catalogs/{id}/bursts/{burstId}/decision")] HttpRequest request, string id, string burstId,
        CancellationToken ct) =>
        AnswerAsync(request, () => ReviewApi.UndoBurstAsync(id, burstId, catalogs, reviews, ct));

    [Function("BurstsAcceptSuggestions")]
    public Task<IResult> AcceptBurstsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/catalogs/{id}/bursts/accept-suggestions")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => ReviewApi.AcceptSuggestionsAsync(id, ReviewKind.Bursts, request, catalogs, reviews, ct));

    [Function("DecisionsUndo")]
    public Task<IResult> UndoActionAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/catalogs/{id}/decisions/{action}")] HttpRequest request, string id, string action, CancellationToken ct) =>
        AnswerAsync(request, () => ReviewApi.UndoActionAsync(id, action, catalogs, reviews, ct));
}

using Microsoft.DurableTask.Client;
using Lumina.Durable.Http;
using Lumina.Functions.Jobs;
using Lumina.Storage.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lumina.Functions.Http;

/// <summary>The jobs routes: start a job, list, follow and cancel jobs.</summary>
public static class JobsApi
{
    /// <summary>Where the Durable Functions management API is mounted in the app, for check-status links.</summary>
    public const string DurableApiPrefix = "/api/durabletask";
    private const string RetryAfterSeconds = "5";

    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/jobs").AddEndpointFilter(ApiErrors.AsStatusCodes);
        group.MapPost("/{type}", StartAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/{id}/cancel", CancelAsync);
        return group;
    }

    /// <summary>The body of POST /api/jobs/{type}; <c>catalog_id</c> takes a catalog's id or name.</summary>
    public sealed record StartJobRequest(
        string? CatalogId,
        bool Force = false,
        int SimilarityThreshold = JobInput.DefaultThreshold,
        double BurstGapSeconds = JobInput.DefaultBurstGap,
        bool UseEmbeddings = false,
        double EmbeddingSimilarity = JobInput.DefaultEmbeddingSimilarity,
        bool RetryFailed = false);

    public static async Task<IResult> StartAsync(string type, HttpRequest request, [FromServices] JobService jobs, [FromServices] CatalogRepository catalogs, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<StartJobRequest>(request, ct);
        if (string.IsNullOrWhiteSpace(body.CatalogId))
        {
            return ApiErrors.Error(400, "catalog_id is required");
        }

        var catalog = await catalogs.GetAsync(body.CatalogId, ct);
        var job = await jobs.StartAsync(type, new JobInput(
            catalog.Id, body.Force, body.SimilarityThreshold, body.BurstGapSeconds, body.UseEmbeddings, body.EmbeddingSimilarity, RetryFailed: body.RetryFailed), ct);
        var payload = CheckStatus(request, job.Id);
        AddPollingHeaders(request.HttpContext.Response, payload.StatusQueryGetUri);
        return TypedResults.Json(payload, DurableJsonForHttp, statusCode: StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> ListAsync(
        [FromServices] JobService jobs, [FromServices] CatalogRepository catalogs, string? type, string? catalog, string? status, string? top, CancellationToken ct)
    {
        Guid? catalogId = catalog is null ? null : (await catalogs.GetAsync(catalog, ct)).Id;
        var statuses = JobFilters.Statuses(status);
        return TypedResults.Json(await jobs.ListAsync(catalogId, JobFilters.Type(type), statuses, QueryValues.Int(top, "top", 1, 1000, 100), ct), ApiJson.Options);
    }

    public static async Task<IResult> GetAsync(string id, HttpRequest request, [FromServices] JobService jobs, CancellationToken ct)
    {
        var job = await jobs.GetAsync(id, ct);
        if (job is null)
        {
            return ApiErrors.Error(404, $"no job {id}");
        }

        if (job.IsGone)
        {
            return ApiErrors.Error(410, job.Error!);
        }

        if (job.IsRunning)
        {
            AddPollingHeaders(request.HttpContext.Response, $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}");
            return TypedResults.Json(job, ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
        }

        return TypedResults.Json(job, ApiJson.Options);
    }

    public static async Task<IResult> CancelAsync(string id, [FromServices] JobService jobs, CancellationToken ct) =>
        TypedResults.Json(await jobs.CancelAsync(id, ct), ApiJson.Options, statusCode: StatusCodes.Status202Accepted);

    /// <summary>
    /// The Durable check-status payload of a job, with its status and terminate links on Lumina's own job routes,
    /// which a function key opens (the other links are the durable management API's, for the admin key). No link
    /// carries a key: callers pass the key they used again.
    /// </summary>
    private static HttpManagementPayload CheckStatus(HttpRequest request, string jobId)
    {
        var origin = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var job = $"{origin}/api/jobs/{Uri.EscapeDataString(jobId)}";
        return HttpManagementPayload.For(origin + DurableApiPrefix, jobId) with { StatusQueryGetUri = job, TerminatePostUri = $"{job}/cancel" };
    }

    private static void AddPollingHeaders(HttpResponse response, string location)
    {
        response.Headers.Location = location;
        response.Headers.RetryAfter = RetryAfterSeconds;
    }

    private static readonly System.Text.Json.JsonSerializerOptions DurableJsonForHttp = new(System.Text.Json.JsonSerializerDefaults.Web);
}

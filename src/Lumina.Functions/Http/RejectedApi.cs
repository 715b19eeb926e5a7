using Lumina.Functions.Catalogs;
using Lumina.Storage.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lumina.Functions.Http;

/// <summary>The rejected originals: how many there are and the moves so far; the opt-in move (admin key) and its undo (<see cref="RejectedOriginals"/>).</summary>
public static class RejectedApi
{
    public static RouteGroupBuilder MapRejectedApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/catalogs/{id}/rejected").AddEndpointFilter(ApiErrors.AsStatusCodes);
        group.MapGet("/", ListAsync);
        group.MapPost("/move", MoveAsync);
        group.MapPost("/restore", RestoreAsync);
        return group;
    }

    /// <summary>Whether a POST to this path moves originals (or marks blobs), which needs the admin key.</summary>
    public static bool IsDestructive(PathString path)
    {
        var s = (path.Value ?? "").Split('/');
        return s.Length >= 5 && s[4].Equals("rejected", StringComparison.OrdinalIgnoreCase);
    }

    public sealed record MoveRequest(string? Folder, bool? Confirm);

    public sealed record RestoreRequest(Guid? Move);

    public sealed record RejectedView(int Rejected, IReadOnlyList<RejectedMove> Moves);

    public static async Task<IResult> ListAsync(
        string id, [FromServices] CatalogService catalogs, [FromServices] ReviewRepository reviews, [FromServices] RejectedMoveRepository moves, CancellationToken ct)
    {
        var catalog = await catalogs.GetAsync(id, ct);
        return TypedResults.Json(new RejectedView((await reviews.RejectedAsync(catalog.Id, ct)).Count, await moves.ListAsync(catalog.Id, ct)), ApiJson.Options);
    }

    public static async Task<IResult> MoveAsync(
        string id, HttpRequest request, [FromServices] CatalogService catalogs, [FromServices] RejectedOriginals rejected, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<MoveRequest>(request, ct);
        if (body.Confirm != true)
        {
            throw new RequestException("moving rejected originals out of the catalog's folder needs {\"folder\": \"/absolute/path\", \"confirm\": true}");
        }

        var catalog = await catalogs.GetAsync(id, ct);
        return TypedResults.Json(await rejected.MoveAsync(catalog, body.Folder, ct), ApiJson.Options);
    }

    public static async Task<IResult> RestoreAsync(
        string id, HttpRequest request, [FromServices] CatalogService catalogs, [FromServices] RejectedOriginals rejected, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<RestoreRequest>(request, ct);
        var catalog = await catalogs.GetAsync(id, ct);
        return TypedResults.Json(await rejected.RestoreAsync(catalog, body.Move, ct), ApiJson.Options);
    }
}

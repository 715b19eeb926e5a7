using Lumina.Functions.Catalogs;
using Lumina.Functions.Health;
using Lumina.Storage.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lumina.Functions.Http;

/// <summary>The catalogs routes: list, create, read one, and its health report.</summary>
public static class CatalogsApi
{
    public static RouteGroupBuilder MapCatalogsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/catalogs").AddEndpointFilter(ApiErrors.AsStatusCodes);
        group.MapGet("/", ListAsync);
        group.MapPost("/", CreateAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapGet("/{id}/health", HealthAsync);
        return group;
    }

    /// <summary>A catalog as the API shows it (secrets in blob connections masked).</summary>
    public sealed record CatalogView(Guid Id, string Name, SourceKind SourceKind, string Source, DateTimeOffset CreatedAt)
    {
        public static CatalogView Of(CatalogRecord c) => new(c.Id, c.Name, c.SourceKind, CatalogService.DescribeSource(c), c.CreatedAt);
    }

    /// <summary>The body of POST /api/catalogs: a name and either a folder or a blob location.</summary>
    public sealed record CreateCatalogRequest(string? Name, string? Folder, BlobSource? Blob, string? DerivedContainer);

    public sealed record BlobSource(string? Connection, string? Container, string? Prefix);

    private static async Task<IResult> ListAsync([FromServices] CatalogService catalogs, CancellationToken ct) =>
        TypedResults.Json((await catalogs.ListAsync(ct)).Select(CatalogView.Of), ApiJson.Options);

    private static async Task<IResult> GetAsync(string id, [FromServices] CatalogService catalogs, CancellationToken ct) =>
        TypedResults.Json(CatalogView.Of(await catalogs.GetAsync(id, ct)), ApiJson.Options);

    private static async Task<IResult> CreateAsync(HttpRequest request, [FromServices] CatalogService catalogs, CancellationToken ct)
    {
        var (body, problem) = await ApiErrors.ReadBodyAsync<CreateCatalogRequest>(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.Name))
        {
            return ApiErrors.Error(400, "name is required");
        }

        CatalogRecord created;
        switch (body)
        {
            case { Folder: { } folder, Blob: null }:
                created = await catalogs.CreateFolderCatalogAsync(body.Name, folder, ct);
                break;
            case { Folder: null, Blob: { Connection: { Length: > 0 } connection, Container: { Length: > 0 } container } blob }:
                var prefix = blob.Prefix is { Length: > 0 } p && !p.EndsWith('/') ? p + "/" : blob.Prefix ?? "";
                created = await catalogs.CreateBlobCatalogAsync(body.Name, new BlobLocation(connection, container, prefix), body.DerivedContainer, ct);
                break;
            default:
                return ApiErrors.Error(400, "give either \"folder\" or \"blob\": {\"connection\", \"container\"[, \"prefix\"]}");
        }

        return TypedResults.Json(CatalogView.Of(created), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> HealthAsync(
        string id, string? format, [FromServices] CatalogService catalogs, [FromServices] HealthService health, CancellationToken ct)
    {
        var report = await health.ReportAsync(await catalogs.GetAsync(id, ct), ct);
        return format switch
        {
            null or "json" => TypedResults.Text(HealthJson.Render(report), "application/json"),
            "md" => TypedResults.Text(HealthMarkdown.Render(report), "text/markdown"),
            _ => ApiErrors.Error(400, $"unknown format '{format}': use json or md"),
        };
    }
}

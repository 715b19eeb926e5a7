using Lumina.Functions.Catalogs;
using Lumina.Functions.Clip;
using Lumina.Functions.Export;
using Lumina.Functions.Health;
using Lumina.Storage.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lumina.Functions.Http;

/// <summary>The catalogs routes: list, create, read one, delete one, its health report, search and uploads (its images: <see cref="LibraryApi"/>).</summary>
public static class CatalogsApi
{
    public static RouteGroupBuilder MapCatalogsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/catalogs").AddEndpointFilter(ApiErrors.AsStatusCodes);
        group.MapGet("/", ListAsync);
        group.MapPost("/", CreateAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapGet("/{id}/health", HealthAsync);
        group.MapGet("/{id}/search", SearchAsync);
        group.MapGet("/{id}/uploads", UploadsAsync);
        group.MapDelete("/{id}", DeleteAsync);
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

    public static async Task<IResult> ListAsync([FromServices] CatalogService catalogs, CancellationToken ct) =>
        TypedResults.Json((await catalogs.ListAsync(ct)).Select(CatalogView.Of), ApiJson.Options);

    public static async Task<IResult> GetAsync(string id, [FromServices] CatalogService catalogs, CancellationToken ct) =>
        TypedResults.Json(CatalogView.Of(await catalogs.GetAsync(id, ct)), ApiJson.Options);

    public static async Task<IResult> CreateAsync(HttpRequest request, [FromServices] CatalogService catalogs, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<CreateCatalogRequest>(request, ct);
        if (body.Name is null)
        {
            return ApiErrors.Error(400, $"name is required: {CatalogNames.Rule}");
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

    /// <summary>A search hit with links to its thumbnail and preview.</summary>
    public sealed record SearchHitView(long ImageId, string Path, double Score, string? ThumbnailUrl, string? PreviewUrl);

    public static async Task<IResult> SearchAsync(
        string id, string? q, string? similar, string? top, [FromServices] CatalogService catalogs, [FromServices] ClipService clip,
        [FromServices] SearchService search, CancellationToken ct)
    {
        if (!clip.Configured)
        {
            return ApiErrors.Error(400, "semantic search needs a CLIP model: set LUMINA_CLIP_MODEL to a model folder (see docs/clip-models.md)");
        }

        var catalog = await catalogs.GetAsync(id, ct);
        var count = QueryValues.Int(top, "top", 1, 1000, 20);
        var hits = (q, similar) switch
        {
            ({ Length: > 0 } text, null) => await search.SearchTextAsync(catalog, text, count, ct),
            (null, { Length: > 0 } image) => await search.SimilarAsync(catalog, image, count, ct),
            _ => null,
        };
        if (hits is null)
        {
            return ApiErrors.Error(400, "give either q=<text> or similar=<image id or path>");
        }

        string? Link(SearchResult hit, string? file, string kind) => LibraryApi.Link(catalog, hit.ImageId, kind, file);
        return TypedResults.Json(hits.Select(h => new SearchHitView(h.ImageId, h.Path, h.Score, Link(h, h.Thumbnail, "thumbnail"), Link(h, h.Preview, "preview"))), ApiJson.Options);
    }

    /// <summary>What <c>DELETE /api/catalogs/{id}</c> answers.</summary>
    public sealed record DeletedView(string Name, Guid Id, string Backup, long Images, long Rows, string Derived, long DerivedFiles, string? DerivedLeft);

    public static async Task<IResult> DeleteAsync(string id, [FromServices] CatalogDeletion deletion, CancellationToken ct)
    {
        var d = await deletion.DeleteAsync(id, ct);
        return TypedResults.Json(new DeletedView(d.Name, d.Id, d.Backup.Location, d.Images, d.Rows, d.Derived, d.DerivedFiles, d.DerivedLeft), ApiJson.Options);
    }

    /// <summary>
    /// The upload trigger's status for a catalog: receipts by status, the poison uploads, the uploads waiting for
    /// their next try, and the stalled ones (claimed by a host that stopped, or overdue).
    /// </summary>
    public sealed record UploadsView(
        IReadOnlyDictionary<string, long> Receipts, IReadOnlyList<PoisonBlob> Poison, IReadOnlyList<PendingBlob> Retrying, IReadOnlyList<PendingBlob> Stalled);

    public static async Task<IResult> UploadsAsync(string id, [FromServices] CatalogService catalogs, [FromServices] ReceiptRepository receipts, CancellationToken ct)
    {
        var catalog = await catalogs.GetAsync(id, ct);
        var pending = await receipts.PendingAsync(catalog.Id, HealthService.UploadOverdue, ct);
        return TypedResults.Json(
            new UploadsView(
                await receipts.CountsAsync(catalog.Id, ct), await receipts.PoisonAsync(catalog.Id, ct),
                [.. pending.Where(p => p.State == "retrying")], [.. pending.Where(HealthService.IsStalled)]),
            ApiJson.Options);
    }

    public static async Task<IResult> HealthAsync(
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

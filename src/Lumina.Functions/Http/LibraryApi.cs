using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Lumina.Core.Pipeline;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Clip;
using Lumina.Functions.Export;
using Lumina.Imaging.Raw;
using Lumina.Storage.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Lumina.Functions.Http;

/// <summary>
/// The library routes: a catalog's images newest first with filters and a keyset cursor, the filters' choices,
/// one image with similar ones, and its thumbnail and preview (content-addressed: cached for good when asked for
/// by version, revalidated by ETag otherwise).
/// </summary>
public static class LibraryApi
{
    private const int SimilarCount = 12;

    /// <summary>The most dHash bits apart an image can be and still be shown as similar (unrelated images are ~32 apart).</summary>
    private const int SimilarBits = 16;

    public static RouteGroupBuilder MapLibraryApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/catalogs/{id}").AddEndpointFilter(ApiErrors.AsStatusCodes);
        group.MapGet("/images", ImagesAsync);
        group.MapGet("/cameras", CamerasAsync);
        group.MapGet("/formats", FormatsAsync);
        group.MapGet("/images/{imageId}", ImageAsync);
        group.MapGet("/images/{imageId}/thumbnail", ThumbnailAsync);
        group.MapGet("/images/{imageId}/preview", PreviewAsync);
        return group;
    }

    /// <summary>One image of a library page.</summary>
    public sealed record ImageItem(
        long Id, string Path, string? TakenAt, int? Width, int? Height, string? Format, string? Camera, bool HasGps, string? Thumbnail, string? Error,
        long? DuplicateGroup, long? BurstId);

    public sealed record ImagePage(IReadOnlyList<ImageItem> Items, string? Next);

    public sealed record Choice(string Value, long Count);

    public sealed record SimilarView(string By, IReadOnlyList<SimilarItem> Items);

    public sealed record SimilarItem(long Id, string Path, string? Thumbnail, double Distance);

    public static async Task<IResult> ImagesAsync(
        string id, string? cursor, string? limit, string? from, string? to, string? camera, string? gps, string? tag, string? format,
        string? failed, string? duplicate, string? burst, [FromServices] CatalogService catalogs, [FromServices] LibraryRepository library, CancellationToken ct)
    {
        var count = QueryValues.Int(limit, "limit", 1, 500, 60);
        var filter = new LibraryFilter(
            Date(from, "from", endOfDay: false), Date(to, "to", endOfDay: true), Blank(camera), YesNo(gps, "gps"), Blank(tag), Formats(format),
            YesNo(failed, "failed"), YesNo(duplicate, "duplicate"), YesNo(burst, "burst"));
        var after = cursor is null ? null : Cursor(cursor);
        var catalog = await catalogs.GetAsync(id, ct);
        var (items, next) = await library.PageAsync(catalog.Id, filter, after, count, ct);
        return TypedResults.Json(
            new ImagePage(
                [.. items.Select(i => new ImageItem(
                    i.Id, i.Path, TakenAt(i.TakenAt, i.Subseconds), i.Width, i.Height, i.Format, i.Camera, i.HasGps, Link(catalog, i.Id, "thumbnail", i.Thumbnail), i.Error,
                    i.DuplicateGroup, i.BurstId))],
                next is null ? null : Encode(next)),
            ApiJson.Options);
    }

    public static async Task<IResult> CamerasAsync(string id, [FromServices] CatalogService catalogs, [FromServices] LibraryRepository library, CancellationToken ct)
    {
        var catalog = await catalogs.GetAsync(id, ct);
        return TypedResults.Json((await library.CamerasAsync(catalog.Id, ct)).Select(c => new { c.Camera, c.Count }), ApiJson.Options);
    }

    public static async Task<IResult> FormatsAsync(string id, [FromServices] CatalogService catalogs, [FromServices] LibraryRepository library, CancellationToken ct)
    {
        var catalog = await catalogs.GetAsync(id, ct);
        return TypedResults.Json((await library.FormatsAsync(catalog.Id, ct)).Select(f => new { f.Format, f.Count }), ApiJson.Options);
    }

    /// <summary>One image's export record (image id and decisions included) with links to its derived files and the images most like it.</summary>
    public static async Task<IResult> ImageAsync(
        string id, string imageId, [FromServices] CatalogService catalogs, [FromServices] ExportRepository export, [FromServices] LibraryRepository library,
        [FromServices] ClipService clip, [FromServices] SearchService search, CancellationToken ct)
    {
        var imageNumber = QueryValues.Id(imageId, "the image id");
        var catalog = await catalogs.GetAsync(id, ct);
        if (await export.ReadImageAsync(catalog.Id, imageNumber, ct) is not { } record)
        {
            return ApiErrors.Error(404, $"catalog '{catalog.Name}' has no image {imageNumber}");
        }

        var similar = await SimilarAsync(catalog, imageNumber, library, clip, search, ct);
        var json = JsonNode.Parse(CatalogExporter.Json(record))!.AsObject();
        json["thumbnail_url"] = Link(catalog, imageNumber, "thumbnail", record.Thumbnail);
        json["preview_url"] = Link(catalog, imageNumber, "preview", record.Preview);
        json["similar"] = System.Text.Json.JsonSerializer.SerializeToNode(similar, ApiJson.Options);
        return TypedResults.Text(json.ToJsonString(ApiJson.Options), "application/json");
    }

    public static Task<IResult> ThumbnailAsync(string id, string imageId, string? v, HttpContext http, [FromServices] CatalogService catalogs, [FromServices] ImageRepository images, CancellationToken ct) =>
        DerivedAsync(id, imageId, "thumbnail", v, http, catalogs, images, ct);

    public static Task<IResult> PreviewAsync(string id, string imageId, string? v, HttpContext http, [FromServices] CatalogService catalogs, [FromServices] ImageRepository images, CancellationToken ct) =>
        DerivedAsync(id, imageId, "preview", v, http, catalogs, images, ct);

    /// <summary>
    /// The URL of an image's derived file with its version: the file's name (the original's SHA-256) and the step's
    /// algorithm version, so the bytes behind one such URL never change.
    /// </summary>
    public static string? Link(CatalogRecord catalog, long imageId, string kind, string? name) =>
        name is null ? null : $"/api/catalogs/{catalog.Id}/images/{imageId}/{kind}?v={Version(kind, name)}";

    private static string Version(string kind, string name) =>
        $"{Path.GetFileNameWithoutExtension(name)}-{ProcessingSteps.Analysis[kind == "thumbnail" ? ProcessingSteps.Thumbnail : ProcessingSteps.Preview]}";

    private static async Task<IResult> DerivedAsync(
        string id, string imageIdText, string kind, string? version, HttpContext http, CatalogService catalogs, ImageRepository images, CancellationToken ct)
    {
        var imageId = QueryValues.Id(imageIdText, "the image id");
        var catalog = await catalogs.GetAsync(id, ct);
        var found = await images.DescribeAsync(catalog.Id, [imageId], ct);
        var name = found.TryGetValue(imageId, out var image) ? kind == "thumbnail" ? image.Thumbnail : image.Preview : null;
        if (name is null)
        {
            return ApiErrors.Error(404, $"image {imageId} of catalog '{catalog.Name}' has no {kind}");
        }

        var current = Version(kind, name);
        var etag = new EntityTagHeaderValue($"\"{current}\"");
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        // Private: with keys configured the answer is for the signed-in browser only.
        headers.CacheControl = version == current
            ? new CacheControlHeaderValue { Private = true, MaxAge = TimeSpan.FromDays(365), Extensions = { new NameValueHeaderValue("immutable") } }
            : new CacheControlHeaderValue { Private = true, NoCache = true };
        if (http.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } match && match.Any(m => m.Compare(etag, useStrongComparison: false) || m.Equals(EntityTagHeaderValue.Any)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var bytes = await catalogs.Derived(catalog).ReadAllBytesAsync(name, ct);
        return TypedResults.File(bytes, kind == "thumbnail" ? "image/webp" : "image/jpeg");
    }

    private static async Task<SimilarView> SimilarAsync(
        CatalogRecord catalog, long imageId, LibraryRepository library, ClipService clip, SearchService search, CancellationToken ct)
    {
        if (clip.Configured)
        {
            try
            {
                var hits = await search.SimilarAsync(catalog, imageId.ToString(CultureInfo.InvariantCulture), SimilarCount, ct);
                return new SimilarView("clip", [.. hits.Select(h => new SimilarItem(h.ImageId, h.Path, Link(catalog, h.ImageId, "thumbnail", h.Thumbnail), Math.Round(1 - h.Score, 4)))]);
            }
            catch (CatalogException)
            {
                // The image has no embedding yet: its nearest hashes stand in.
            }
        }

        var near = await library.NearestDhashAsync(catalog.Id, imageId, SimilarBits, SimilarCount, ct);
        return new SimilarView("dhash", [.. near.Select(n => new SimilarItem(n.Id, n.Path, Link(catalog, n.Id, "thumbnail", n.Thumbnail), n.Distance))]);
    }

    public static string? TakenAt(DateTime? time, bool subseconds) =>
        time?.ToString(subseconds ? "yyyy-MM-dd'T'HH:mm:ss.fff" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static bool? YesNo(string? text, string name) => text switch
    {
        null or "" => null,
        "yes" or "true" => true,
        "no" or "false" => false,
        _ => throw new RequestException($"{name} must be yes or no (got '{text}')"),
    };

    private static readonly string[] RawKinds = ["raw", .. RawFile.Extensions.Select(e => e.TrimStart('.'))];

    private static IReadOnlyList<string>? Formats(string? format) => format switch
    {
        null or "" => null,
        "raw" => RawKinds,
        _ when format.All(c => char.IsAsciiLetterOrDigit(c)) => [format.ToLowerInvariant()],
        _ => throw new RequestException($"format must be a format name such as jpeg, heic or png, or raw for every RAW kind (got '{format}')"),
    };

    /// <summary>
    /// A day (yyyy-MM-dd: its start, or with <paramref name="endOfDay"/> the next day's start, as the upper bound is exclusive) or a time
    /// (with <paramref name="endOfDay"/> a microsecond later, PostgreSQL's precision, so that the time itself is included).
    /// </summary>
    private static DateTime? Date(string? text, string name, bool endOfDay)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return endOfDay ? day.AddDays(1) : day;
        }

        return DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? (endOfDay ? time.AddTicks(TimeSpan.TicksPerMicrosecond) : time)
            : throw new RequestException($"{name} must be a day (yyyy-MM-dd) or a time (yyyy-MM-ddTHH:mm:ss) (got '{text}')");
    }

    private static string Encode(LibraryCursor cursor) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{cursor.TakenAt}|{cursor.Id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static LibraryCursor Cursor(string text)
    {
        const string problem = "cursor is not one this route gave: pass the 'next' of the previous page as it is";
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4)));
            var parts = decoded.Split('|');
            return parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var imageId)
                && (parts[0] == "-infinity" || DateTime.TryParseExact(parts[0], ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFF"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                ? new LibraryCursor(parts[0], imageId)
                : throw new RequestException(problem);
        }
        catch (FormatException)
        {
            throw new RequestException(problem);
        }
    }
}

using Lumina.Functions.Catalogs;
using Lumina.Storage.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lumina.Functions.Http;

/// <summary>
/// The review routes: duplicate groups and bursts one at a time (index i of N, first, previous, next, last, the next
/// undecided one) or by pages, keep/reject decisions per member, a burst's keep-best / keep-all / pick, accepting the
/// suggestions of every undecided group (with a confirmation), and undo.
/// </summary>
public static class ReviewApi
{
    public static RouteGroupBuilder MapReviewApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/catalogs/{id}").AddEndpointFilter(ApiErrors.AsStatusCodes);
        group.MapGet("/duplicates", DuplicatesAsync);
        group.MapGet("/duplicates/first", FirstDuplicateAsync);
        group.MapGet("/duplicates/{groupId}", DuplicateAsync);
        group.MapPut("/duplicates/{groupId}/decisions", DecideDuplicateAsync);
        group.MapDelete("/duplicates/{groupId}/decisions", UndoDuplicateAsync);
        group.MapPost("/duplicates/accept-suggestions", (string id, HttpRequest request, CatalogService catalogs, ReviewRepository reviews, CancellationToken ct) =>
            AcceptSuggestionsAsync(id, ReviewKind.Duplicates, request, catalogs, reviews, ct));
        group.MapGet("/bursts", BurstsAsync);
        group.MapGet("/bursts/first", FirstBurstAsync);
        group.MapGet("/bursts/{burstId}", BurstAsync);
        group.MapPut("/bursts/{burstId}/decision", DecideBurstAsync);
        group.MapDelete("/bursts/{burstId}/decision", UndoBurstAsync);
        group.MapPost("/bursts/accept-suggestions", (string id, HttpRequest request, CatalogService catalogs, ReviewRepository reviews, CancellationToken ct) =>
            AcceptSuggestionsAsync(id, ReviewKind.Bursts, request, catalogs, reviews, ct));
        group.MapDelete("/decisions/{action}", UndoActionAsync);
        return group;
    }

    /// <summary>Whether a DELETE to this path is one of the undo routes, which a function key may call (every other catalog DELETE needs the admin key).</summary>
    public static bool IsUndo(PathString path)
    {
        var s = (path.Value ?? "").TrimEnd('/').Split('/');
        bool Is(int i, string text) => s[i].Equals(text, StringComparison.OrdinalIgnoreCase);
        var underCatalog = s.Length >= 6 && s[0].Length == 0 && Is(1, "api") && Is(2, "catalogs") && s.Skip(3).All(part => part.Length > 0);
        return underCatalog && (s.Length == 6 ? Is(4, "decisions") : s.Length == 7 && ((Is(4, "duplicates") && Is(6, "decisions")) || (Is(4, "bursts") && Is(6, "decision"))));
    }

    public sealed record GroupView(
        long GroupId, long Index, long Total, long First, long? Previous, long? Next, long Last, long? NextUndecided,
        long Suggested, string? Reason, bool Decided, IReadOnlyList<MemberView> Members);

    public sealed record MemberView(
        long ImageId, string Path, string? Thumbnail, string? Preview, int? Width, int? Height, long FileSize, string? Format, int? JpegQuality,
        bool CameraExif, string? TakenAt, int Distance, bool ExactCopy, bool Suggested, string? Reason, string? Decision);

    public sealed record BurstView(
        long BurstId, long Index, long Total, long First, long? Previous, long? Next, long Last, long? NextUndecided,
        string Camera, string? StartedAt, string? EndedAt, long Best, string? Reason, BurstDecisionView? Decision, IReadOnlyList<FrameView> Frames);

    public sealed record BurstDecisionView(string Choice, long? ImageId);

    public sealed record FrameView(
        long ImageId, string Path, string? Thumbnail, string? Preview, string? TakenAt, int? Width, int? Height, double? QualityScore, double? Sharpness,
        bool Best, string? Decision);

    public sealed record ReviewPage<T>(long Total, long Undecided, IReadOnlyList<T> Items, string? Next);

    public sealed record DecisionsRequest(IReadOnlyList<MemberDecision>? Decisions);

    public sealed record MemberDecision(long ImageId, string? Decision);

    public sealed record BurstDecisionRequest(string? Decision, long? ImageId);

    public sealed record ConfirmRequest(bool? Confirm);

    public sealed record AcceptedView(int Groups, Guid Action);

    public sealed record UndoneView(int Undone);

    public static Task<IResult> DuplicatesAsync(
        string id, string? cursor, string? limit, string? undecided, [FromServices] CatalogService catalogs, [FromServices] ReviewRepository reviews, CancellationToken ct) =>
        PageAsync(id, ReviewKind.Duplicates, cursor, limit, undecided, catalogs, reviews, (catalog, groupId) => GroupAsync(catalog, groupId, reviews, ct), ct);

    public static Task<IResult> BurstsAsync(
        string id, string? cursor, string? limit, string? undecided, [FromServices] CatalogService catalogs, [FromServices] ReviewRepository reviews, CancellationToken ct) =>
        PageAsync(id, ReviewKind.Bursts, cursor, limit, undecided, catalogs, reviews, (catalog, burstId) => BurstViewAsync(catalog, burstId, reviews, ct), ct);

    public static async Task<IResult> FirstDuplicateAsync(
        string id, string? undecided, [FromServices] CatalogService catalogs, [FromServices] ReviewRepository reviews, CancellationToken ct)
    {
        var catalog = await catalogs.GetAsync(id, ct);
        return await FirstAsync(catalog, ReviewKind.Duplicates, undecided, reviews, ct) is { } groupId
            ? TypedResults.Json(await GroupAsync(catalog, groupId, reviews, ct), ApiJson.Options)
            : ApiErrors.Error(404, $"catalog '{catalog.Name}' has no {(Undecided(undecided) ? "undecided " : "")}duplicate groups");
    }

    public static async Task<IResult> FirstBurstAsync(
        string id, string? undecided, [FromServices] CatalogService catalogs, [FromServices] ReviewRepository reviews, CancellationToken ct)
    {
        var catalog = await catalogs.GetAsync(id, ct);
        return await FirstAsync(catalog, ReviewKind.Bursts, undecided, reviews, ct) is { } burstId
            ? TypedResults.Json(await BurstViewAsync(catalog, burstId, reviews, ct), ApiJson.Options)
            : ApiErrors.Error(404, $"catalog '{catalog.Name}' has no {(Undecided(undecided) ? "undecided " : "")}bursts");
    }

    public static async Task<IResult> DuplicateAsync(
        string id, string groupId, [FromServices] CatalogService catalogs, [FromServices] ReviewRepository reviews, CancellationToken ct)
    {
        var catalog = await catalogs.GetAsync(id, ct);
        return TypedResults.Json(await GroupAsync(catalog, QueryValues.Id(groupId, "the group id"), reviews, ct), ApiJson.Options);
    }

    public static async Task<IResult> BurstAsync(
        string id, string burstId, [FromServices] CatalogService catalogs, [FromServices] ReviewRepository reviews, CancellationToken ct)
    {
        var catalog = await catalogs.GetAsync(id, ct);
        return TypedResults.Json(await BurstViewAsync(catalog, QueryValues.Id(burstId, "the burst id"), reviews, ct), ApiJson.Options);
    }

    /// <summary>Keep or reject for the members named; the others keep their decisions.</summary>
    public static async Task<IResult> DecideDuplicateAsync(
        string id, string groupId, HttpRequest request, [FromServices] CatalogService catalogs, [FromServices] ReviewRepository reviews, CancellationToken ct)
    {
        var group = QueryValues.Id(groupId, "the group id");
        var body = await JsonBody.ReadAsync<DecisionsRequest>(request, ct);
        if (body.Decisions is not { Count: > 0 } decisions)
        {
            throw new RequestException("decisions is required: [{\"image_id\": <member>, \"decision\": \"keep\" or \"reject\"}, ...]");
        }

        if (decisions.FirstOrDefault(d => d.Decision is not ("keep" or "reject")) is { } bad)
        {
            throw new RequestException($"decision must be \"keep\" or \"reject\" (got {(bad.Decision is null ? "nothing" : $"\"{bad.Decision}\"")} for image {bad.ImageId})");
        }

        if (decisions.GroupBy(d => d.ImageId).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new RequestException($"image {twice.Key} is named more than once in decisions");
        }

        var catalog = await catalogs.GetAsync(id, ct);
        await reviews.DecideAsync(catalog.Id, ReviewKind.Duplicates, group, decisions.ToDictionary(d => d.ImageId, d => d.Decision!), null, replaceAll: false, ct);
        return TypedResults.Json(await GroupAsync(catalog, group, reviews, ct), ApiJson.Options);
    }

    public static async Task<IResult> UndoDuplicateAsync(
        string id, string groupId, [FromServices] CatalogService catalogs, [FromServices] ReviewRepository reviews, CancellationToken ct)
    {
        var group = QueryValues.Id(groupId, "the group id");
        var catalog = await catalogs.GetAsync(id, ct);
        await reviews.ClearAsync(catalog.Id, ReviewKind.Duplicates, group, ct);
        return TypedResults.Json(await GroupAsync(catalog, group, reviews, ct), ApiJson.Options);
    }

    /// <summary>keep-best keeps the best frame, keep-all every frame, pick the one given; the other frames are rejected.</summary>
    public static async Task<IResult> DecideBurstAsync(
        string id, string burstId, HttpRequest request, [FromServices] CatalogService catalogs, [FromServices] ReviewRepository reviews, CancellationToken ct)
    {
        var burst = QueryValues.Id(burstId, "the burst id");
        var body = await JsonBody.ReadAsync<BurstDecisionRequest>(request, ct);
        var catalog = await catalogs.GetAsync(id, ct);
        var position = await reviews.PositionAsync(catalog.Id, ReviewKind.Bursts, burst, ct)
            ?? throw new CatalogException($"catalog '{catalog.Name}' has no burst {burst}", CatalogFault.NotFound);
        long? kept = body switch
        {
            { Decision: "keep-best", ImageId: null } => position.Suggested,
            { Decision: "keep-all", ImageId: null } => null,
            { Decision: "pick", ImageId: { } pick } => position.Members.Contains(pick)
                ? pick
                : throw new RequestException($"image {pick} is not a frame of burst {burst} (its frames: {string.Join(", ", position.Members)})"),
            { Decision: "pick" } => throw new RequestException("pick needs image_id: the frame to keep"),
            { Decision: "keep-best" or "keep-all" } => throw new RequestException($"image_id goes only with \"pick\", not with \"{body.Decision}\""),
            _ => throw new RequestException($"decision must be \"keep-best\", \"keep-all\" or \"pick\" (got {(body.Decision is null ? "nothing" : $"\"{body.Decision}\"")})"),
        };
        var decisions = position.Members.ToDictionary(m => m, m => kept is null || m == kept ? "keep" : "reject");
        await reviews.DecideAsync(catalog.Id, ReviewKind.Bursts, burst, decisions, body.Decision, replaceAll: true, ct);
        return TypedResults.Json(await BurstViewAsync(catalog, burst, reviews, ct), ApiJson.Options);
    }

    public static async Task<IResult> UndoBurstAsync(
        string id, string burstId, [FromServices] CatalogService catalogs, [FromServices] ReviewRepository reviews, CancellationToken ct)
    {
        var burst = QueryValues.Id(burstId, "the burst id");
        var catalog = await catalogs.GetAsync(id, ct);
        await reviews.ClearAsync(catalog.Id, ReviewKind.Bursts, burst, ct);
        return TypedResults.Json(await BurstViewAsync(catalog, burst, reviews, ct), ApiJson.Options);
    }

    public static async Task<IResult> AcceptSuggestionsAsync(
        string id, ReviewKind kind, HttpRequest request, CatalogService catalogs, ReviewRepository reviews, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ConfirmRequest>(request, ct);
        if (body.Confirm != true)
        {
            throw new RequestException($"accepting the suggestions decides every undecided {(kind == ReviewKind.Duplicates ? "group" : "burst")} at once: send {{\"confirm\": true}}");
        }

        var catalog = await catalogs.GetAsync(id, ct);
        var (groups, action) = await reviews.AcceptSuggestionsAsync(catalog.Id, kind, ct);
        return TypedResults.Json(new AcceptedView(groups, action), ApiJson.Options);
    }

    public static async Task<IResult> UndoActionAsync(
        string id, string action, [FromServices] CatalogService catalogs, [FromServices] ReviewRepository reviews, CancellationToken ct)
    {
        if (!Guid.TryParse(action, out var actionId))
        {
            throw new RequestException($"the action must be the id an answer gave as \"action\" (got '{action}')");
        }

        var catalog = await catalogs.GetAsync(id, ct);
        return TypedResults.Json(new UndoneView(await reviews.UndoActionAsync(catalog.Id, actionId, ct)), ApiJson.Options);
    }

    private static async Task<IResult> PageAsync<T>(
        string id, ReviewKind kind, string? cursor, string? limit, string? undecided, CatalogService catalogs, ReviewRepository reviews,
        Func<CatalogRecord, long, Task<T>> view, CancellationToken ct)
    {
        var count = QueryValues.Int(limit, "limit", 1, 100, 20);
        var after = cursor is null ? (long?)null : QueryValues.Id(cursor, "cursor");
        var catalog = await catalogs.GetAsync(id, ct);
        var (total, open) = await reviews.CountsAsync(catalog.Id, kind, ct);
        var ids = await reviews.ListAsync(catalog.Id, kind, after, count + 1, Undecided(undecided), ct);
        var items = new List<T>();
        foreach (var (groupId, _) in ids.Take(count))
        {
            items.Add(await view(catalog, groupId));
        }

        return TypedResults.Json(new ReviewPage<T>(total, open, items, ids.Count > count ? ids[count - 1].GroupId.ToString(System.Globalization.CultureInfo.InvariantCulture) : null), ApiJson.Options);
    }

    private static async Task<long?> FirstAsync(CatalogRecord catalog, ReviewKind kind, string? undecided, ReviewRepository reviews, CancellationToken ct) =>
        (await reviews.ListAsync(catalog.Id, kind, null, 1, Undecided(undecided), ct)) is [var (first, _)] ? first : null;

    private static bool Undecided(string? undecided) => undecided switch
    {
        null or "" or "no" or "false" => false,
        "yes" or "true" => true,
        _ => throw new RequestException($"undecided must be yes or no (got '{undecided}')"),
    };

    private static async Task<GroupView> GroupAsync(CatalogRecord catalog, long groupId, ReviewRepository reviews, CancellationToken ct)
    {
        var p = await reviews.PositionAsync(catalog.Id, ReviewKind.Duplicates, groupId, ct)
            ?? throw new CatalogException($"catalog '{catalog.Name}' has no duplicate group {groupId}", CatalogFault.NotFound);
        var members = await reviews.DuplicateMembersAsync(catalog.Id, groupId, ct);
        return new GroupView(
            groupId, p.Index, p.Total, p.First, p.Previous, p.Next, p.Last, p.NextUndecided, p.Suggested,
            members.FirstOrDefault(m => m.Suggested)?.Reason, members.Any(m => m.Decision is not null),
            [.. members.Select(m => new MemberView(
                m.ImageId, m.Path, LibraryApi.Link(catalog, m.ImageId, "thumbnail", m.Thumbnail), LibraryApi.Link(catalog, m.ImageId, "preview", m.Preview),
                m.Width, m.Height, m.FileSize, m.Format, m.JpegQuality, m.CameraExif, LibraryApi.TakenAt(m.TakenAt, m.Subseconds), m.Distance, m.ExactCopy,
                m.Suggested, m.Reason, m.Decision))]);
    }

    private static async Task<BurstView> BurstViewAsync(CatalogRecord catalog, long burstId, ReviewRepository reviews, CancellationToken ct)
    {
        var p = await reviews.PositionAsync(catalog.Id, ReviewKind.Bursts, burstId, ct);
        var (span, frames) = await reviews.BurstFramesAsync(catalog.Id, burstId, ct);
        if (p is null || span is null)
        {
            throw new CatalogException($"catalog '{catalog.Name}' has no burst {burstId}", CatalogFault.NotFound);
        }

        var choice = frames.Select(f => f.Choice).FirstOrDefault(c => c is not null);
        var decision = choice is null ? null
            : new BurstDecisionView(choice, choice == "keep-all" ? null : frames.FirstOrDefault(f => f.Decision == "keep")?.ImageId);
        return new BurstView(
            burstId, p.Index, p.Total, p.First, p.Previous, p.Next, p.Last, p.NextUndecided, span.Camera.Replace('|', ' ').Trim(),
            LibraryApi.TakenAt(span.StartedAt, true), LibraryApi.TakenAt(span.EndedAt, true), p.Suggested, span.Reason, decision,
            [.. frames.Select(f => new FrameView(
                f.ImageId, f.Path, LibraryApi.Link(catalog, f.ImageId, "thumbnail", f.Thumbnail), LibraryApi.Link(catalog, f.ImageId, "preview", f.Preview),
                LibraryApi.TakenAt(f.TakenAt, f.Subseconds), f.Width, f.Height, f.QualityScore, f.Sharpness, f.Best, f.Decision))]);
    }
}

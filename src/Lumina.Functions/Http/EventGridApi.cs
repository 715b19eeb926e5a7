using System.Text.Json;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Triggers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lumina.Functions.Http;

/// <summary>
/// The push path Azure recommends for blob triggers: an Event Grid subscription (Event Grid schema)
/// delivering <c>Microsoft.Storage.BlobCreated</c> and <c>BlobDeleted</c> events, after the subscription
/// validation handshake. Events may come late and out of order: a deleted blob is looked at before its image
/// is marked removed.
/// </summary>
public static class EventGridApi
{
    public const string Route = "/api/events/blobs";

    public static RouteHandlerBuilder MapEventGridApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Route, HandleAsync).AddEndpointFilter(ApiErrors.AsStatusCodes);

    public static async Task<IResult> HandleAsync(HttpRequest request, [FromServices] BlobCatalogMatcher matcher, [FromServices] UploadTrigger trigger, CancellationToken ct)
    {
        JsonElement events;
        try
        {
            events = (await JsonDocument.ParseAsync(request.Body, cancellationToken: ct)).RootElement;
        }
        catch (JsonException e)
        {
            return ApiErrors.Error(400, $"bad JSON: {e.Message}");
        }

        if (events.ValueKind != JsonValueKind.Array)
        {
            return ApiErrors.Error(400, "expected an array of Event Grid events");
        }

        int started = 0, removed = 0, ignored = 0;
        foreach (var e in events.EnumerateArray())
        {
            var type = e.TryGetProperty("eventType", out var t) ? t.GetString() : null;
            var data = e.TryGetProperty("data", out var d) ? d : default;
            switch (type)
            {
                case "Microsoft.EventGrid.SubscriptionValidationEvent":
                    var code = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("validationCode", out var c) ? c.GetString() : null;
                    return code is null
                        ? ApiErrors.Error(400, "the validation event has no data.validationCode")
                        : TypedResults.Json(new { validationResponse = code });
                case "Microsoft.Storage.BlobCreated" or "Microsoft.Storage.BlobDeleted":
                    if (Url(data) is not { } url)
                    {
                        return ApiErrors.Error(400, $"a {type} event has no data.url");
                    }

                    foreach (var (catalog, name) in await matcher.ByUrlAsync(url, ct))
                    {
                        if (type == "Microsoft.Storage.BlobCreated")
                        {
                            var etag = data.TryGetProperty("eTag", out var tag) ? tag.GetString() : null;
                            if (etag is null)
                            {
                                return ApiErrors.Error(400, "a BlobCreated event has no data.eTag");
                            }

                            started += await trigger.OfferAsync(catalog, [(name, etag.StartsWith('"') ? etag : $"\"{etag}\"")], ct);
                        }
                        else
                        {
                            var (gone, present) = await trigger.DeletedAsync(catalog, [name], ct);
                            removed += gone;
                            started += present;
                        }
                    }

                    break;
                default:
                    ignored++;
                    break;
            }
        }

        return TypedResults.Json(new { started, removed, ignored }, ApiJson.Options);
    }

    private static Uri? Url(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("url", out var u) && Uri.TryCreate(u.GetString(), UriKind.Absolute, out var url) ? url : null;
}

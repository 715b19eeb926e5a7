using Lumina.Functions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lumina.Functions.Http;

/// <summary>
/// The web UI's sign-in: a key given once is kept in an HttpOnly, SameSite=Strict cookie that
/// <see cref="KeyAuthorization"/> reads as it reads <c>?code=</c>; the page's script never sees it, and another
/// site's requests never carry it.
/// </summary>
public static class SessionApi
{
    public const string Route = "/api/session";
    public const string CookieName = "lumina_key";

    public static RouteGroupBuilder MapSessionApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Route).AddEndpointFilter(ApiErrors.AsStatusCodes);
        group.MapGet("/", Get);
        group.MapPost("/", SignInAsync);
        group.MapDelete("/", SignOut);
        return group;
    }

    /// <summary>What <c>GET /api/session</c> answers: whether keys are needed, and which key the request carries.</summary>
    public sealed record SessionView(bool KeysRequired, bool SignedIn, bool Admin);

    public sealed record SignInRequest(string? Key);

    private static IResult Get(HttpContext http, [FromServices] KeyAuthorization keys, [FromServices] LuminaSettings settings)
    {
        var given = KeyAuthorization.KeyOf(http.Request);
        return TypedResults.Json(
            new SessionView(!settings.Anonymous, settings.Anonymous || keys.Accepts(given, adminOnly: false), keys.Accepts(given, adminOnly: true)), ApiJson.Options);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, [FromServices] KeyAuthorization keys, [FromServices] LuminaSettings settings, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<SignInRequest>(http.Request, ct);
        if (settings.Anonymous)
        {
            return ApiErrors.Error(StatusCodes.Status400BadRequest, "this host has no keys (LUMINA_FUNCTION_KEYS, LUMINA_ADMIN_KEY): there is nothing to sign in with");
        }

        if (body.Key is not { Length: > 0 } key || !keys.Accepts(key, adminOnly: false))
        {
            return ApiErrors.Error(StatusCodes.Status401Unauthorized, "that key is not a function key or the admin key of this app");
        }

        http.Response.Cookies.Append(CookieName, key, Options(http.Request));
        return TypedResults.Json(new SessionView(true, true, keys.Accepts(key, adminOnly: true)), ApiJson.Options);
    }

    private static IResult SignOut(HttpContext http, [FromServices] LuminaSettings settings)
    {
        http.Response.Cookies.Delete(CookieName, Options(http.Request));
        return TypedResults.Json(new SessionView(!settings.Anonymous, settings.Anonymous, false), ApiJson.Options);
    }

    private static CookieOptions Options(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        IsEssential = true,
    };
}

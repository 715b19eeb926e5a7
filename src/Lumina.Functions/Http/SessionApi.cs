using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lumina.Functions.Http;

/// <summary>
/// Signing a browser in with a key: <c>POST /api/session {"key"}</c> sets an HttpOnly, SameSite=Strict cookie that
/// authorizes like the key (<see cref="KeyAuthorization"/>); <c>GET</c> says whether keys are needed and who is signed
/// in; <c>DELETE</c> signs out. These routes need no key themselves. The Functions app maps them as functions over these
/// handlers (<c>SessionFunctions</c>).
/// </summary>
public static class SessionApi
{
    public const string Route = "/api/session";

    public static RouteGroupBuilder MapSessionApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Route).AddEndpointFilter(ApiErrors.AsStatusCodes);
        group.MapGet("/", Get);
        group.MapPost("/", SignInAsync);
        group.MapDelete("/", SignOut);
        return group;
    }

    /// <summary>Whether keys are needed, and whether (and as what) this browser is signed in.</summary>
    public sealed record SessionView(bool KeysRequired, bool SignedIn, string? Role);

    public sealed record SignInRequest(string? Key);

    public static IResult Get(HttpRequest request, [FromServices] KeyAuthorization keys)
    {
        var role = request.Cookies[KeyAuthorization.SessionCookie] is { } session ? keys.SessionRole(session) : null;
        return TypedResults.Json(new SessionView(keys.KeysRequired, role is not null, role is { } r ? KeyAuthorization.Name(r) : null), ApiJson.Options);
    }

    public static async Task<IResult> SignInAsync(HttpContext http, [FromServices] KeyAuthorization keys, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<SignInRequest>(http.Request, ct);
        if (body.Key is not { Length: > 0 } key)
        {
            return ApiErrors.Error(StatusCodes.Status400BadRequest, "key is required: the function key or the admin key of this app");
        }

        if (!keys.KeysRequired)
        {
            return ApiErrors.Error(StatusCodes.Status400BadRequest, "this Lumina needs no key (none is configured): there is nothing to sign in to");
        }

        if (keys.RoleOf(key) is not { } role)
        {
            return ApiErrors.Error(StatusCodes.Status401Unauthorized, "the key given is not a function key or the admin key of this app");
        }

        http.Response.Cookies.Append(KeyAuthorization.SessionCookie, keys.NewSession(key, role), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = keys.SecureCookie(http.Request),
            Path = "/",
            MaxAge = KeyAuthorization.SessionLifetime,
        });
        return TypedResults.Json(new SessionView(true, true, KeyAuthorization.Name(role)), ApiJson.Options);
    }

    public static IResult SignOut(HttpContext http, [FromServices] KeyAuthorization keys)
    {
        http.Response.Cookies.Delete(KeyAuthorization.SessionCookie, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
        return TypedResults.Json(new SessionView(keys.KeysRequired, false, null), ApiJson.Options);
    }
}

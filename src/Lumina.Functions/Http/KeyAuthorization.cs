using System.Security.Cryptography;
using System.Text;
using Lumina.Functions.Configuration;
using Microsoft.AspNetCore.Http;

namespace Lumina.Functions.Http;

/// <summary>
/// Function keys, as Azure Functions checks them: a key in the <c>code</c> query parameter or the
/// <c>x-functions-key</c> header. Lumina's routes take a function key or the admin key; the durable
/// management API and the destructive routes (deleting a catalog, moving rejected originals and back) take only the
/// admin key. A browser signs in once (<see cref="SessionApi"/>): the session cookie it gets authorizes like the key it
/// gave, and carries no key, only a MAC made with it, so it stops working when that key is removed. Pages and their
/// assets (paths outside <c>/api</c> and <c>/runtime</c>) need no key. Keys are compared in constant time and never
/// written anywhere.
/// </summary>
public sealed class KeyAuthorization(LuminaSettings settings)
{
    public const string SessionCookie = "lumina_session";

    /// <summary>How long a sign-in lasts.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    // Keys are kept and compared as SHA-256 digests so the comparison takes the same time whatever the key's length.
    private readonly byte[][] _functionKeys = [.. settings.FunctionKeys.Select(Digest)];
    private readonly byte[]? _adminKey = settings.AdminKey is { } admin ? Digest(admin) : null;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (KeysRequired && NeedsKey(path))
        {
            var adminOnly = IsAdminOnly(context.Request);
            var given = context.Request.Headers["x-functions-key"].FirstOrDefault() ?? context.Request.Query["code"].FirstOrDefault();
            var which = adminOnly ? "the admin key" : "a function key";
            if (given is null && context.Request.Cookies[SessionCookie] is { } session)
            {
                var role = SessionRole(session);
                if (role is null || (adminOnly && role != KeyRole.Admin))
                {
                    await RefuseAsync(context, StatusCodes.Status401Unauthorized,
                        role is null ? "the sign-in has expired or its key was removed: sign in again" : $"signed in with a function key: this route needs {which}, sign in with it");
                    return;
                }
            }
            else if (!Accepts(given, adminOnly))
            {
                await RefuseAsync(context, StatusCodes.Status401Unauthorized,
                    given is null ? $"this route needs {which}: pass it as ?code= or in the x-functions-key header, or sign in" : $"the key given is not {which} of this app");
                return;
            }
        }

        await next(context);
    }

    /// <summary>Whether requests need a key (keys are configured and the API is not anonymous).</summary>
    public bool KeysRequired => !settings.Anonymous;

    /// <summary>The role of a key: admin, function, or null for a key this app does not have.</summary>
    public KeyRole? RoleOf(string key) => Accepts(key, adminOnly: true) ? KeyRole.Admin : Accepts(key, adminOnly: false) ? KeyRole.Function : null;

    /// <summary>The session cookie's value for a key of <paramref name="role"/>: the role, when it expires, and a MAC made with that key.</summary>
    public string NewSession(string key, KeyRole role)
    {
        var expires = DateTimeOffset.UtcNow.Add(SessionLifetime).ToUnixTimeSeconds();
        return $"{Name(role)}.{expires}.{Convert.ToBase64String(Mac(Digest(key), role, expires)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
    }

    /// <summary>The role a session cookie stands for, or null when it is malformed, expired, or made with a key this app no longer has.</summary>
    public KeyRole? SessionRole(string session)
    {
        var parts = session.Split('.');
        if (parts.Length != 3 || !long.TryParse(parts[1], out var expires) || expires < DateTimeOffset.UtcNow.ToUnixTimeSeconds())
        {
            return null;
        }

        var role = parts[0] switch { "admin" => KeyRole.Admin, "function" => KeyRole.Function, _ => (KeyRole?)null };
        var keys = role switch { KeyRole.Admin => _adminKey is null ? [] : [_adminKey], KeyRole.Function => _functionKeys, _ => [] };
        var given = Encoding.ASCII.GetBytes(parts[2]);
        var matched = false;
        foreach (var key in keys)
        {
            var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(Mac(key, role!.Value, expires)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
            matched |= CryptographicOperations.FixedTimeEquals(given, expected);
        }

        return matched ? role : null;
    }

    public static string Name(KeyRole role) => role == KeyRole.Admin ? "admin" : "function";

    /// <summary>Pages, their assets and the sign-in route need no key; the API and the durable webhooks do.</summary>
    private static bool NeedsKey(PathString path) =>
        (path.StartsWithSegments("/api") || path.StartsWithSegments("/runtime")) && !path.StartsWithSegments(SessionApi.Route);

    private static bool IsAdminOnly(HttpRequest request)
    {
        var path = request.Path;
        return path.StartsWithSegments("/api/durabletask") || path.StartsWithSegments("/runtime/webhooks")
            || (HttpMethods.IsDelete(request.Method) && path.StartsWithSegments("/api/catalogs") && !ReviewApi.IsUndo(path))
            || (HttpMethods.IsPost(request.Method) && path.StartsWithSegments("/api/catalogs") && RejectedApi.IsDestructive(path));
    }

    private static byte[] Mac(byte[] keyDigest, KeyRole role, long expires) =>
        HMACSHA256.HashData(keyDigest, Encoding.UTF8.GetBytes($"lumina-session|{Name(role)}|{expires}"));

    private bool Accepts(string? given, bool adminOnly)
    {
        if (given is null)
        {
            return false;
        }

        var bytes = Digest(given);
        var accepted = _adminKey is not null && CryptographicOperations.FixedTimeEquals(bytes, _adminKey);
        if (!adminOnly)
        {
            foreach (var key in _functionKeys)
            {
                accepted |= CryptographicOperations.FixedTimeEquals(bytes, key);
            }
        }

        return accepted;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static Task RefuseAsync(HttpContext context, int status, string message) => ApiErrors.WriteAsync(context, status, message);
}

/// <summary>What a key opens: every route (admin) or all but the destructive ones and the durable management API (function).</summary>
public enum KeyRole
{
    Function,
    Admin,
}

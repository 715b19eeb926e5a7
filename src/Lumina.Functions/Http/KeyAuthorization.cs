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
/// written anywhere. Both hosts check keys here: <c>lumina serve</c> as middleware (<see cref="InvokeAsync"/>), the
/// Functions app's HTTP functions before their handler (<see cref="Problem"/>).
/// </summary>
public sealed class KeyAuthorization
{
    public const string SessionCookie = "lumina_session";

    /// <summary>How long a sign-in lasts.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    private const string KeyVaultReference = "@Microsoft.KeyVault(";

    // Keys are kept and compared as SHA-256 digests so the comparison takes the same time whatever the key's length.
    private readonly byte[][] _functionKeys;
    private readonly byte[]? _adminKey;
    private readonly bool _anonymous;
    private readonly KeyHost _host;
    private readonly string? _unusable;

    public KeyAuthorization(LuminaSettings settings, KeyHost host)
    {
        _functionKeys = [.. settings.FunctionKeys.Select(Digest)];
        _adminKey = settings.AdminKey is { } admin ? Digest(admin) : null;
        _anonymous = host == KeyHost.Serve ? settings.Anonymous : settings.AnonymousChosen;
        _host = host;
        _unusable = _anonymous ? null : Unusable(settings);
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (Problem(context.Request) is var (status, message))
        {
            await ApiErrors.WriteAsync(context, status, message);
            return;
        }

        await next(context);
    }

    /// <summary>The status and message a request is refused with for its key (or its lack of one), or null when it may go on.</summary>
    public (int Status, string Message)? Problem(HttpRequest request)
    {
        var path = request.Path;
        if (!IsApi(path))
        {
            return null;
        }

        // Keys required and none usable: every API request, the sign-in's included, says what to set.
        if (_unusable is { } unusable)
        {
            return (StatusCodes.Status503ServiceUnavailable, unusable);
        }

        if (_anonymous || Needs(request.Method, path) is not { } needed)
        {
            return null;
        }

        var adminOnly = needed == KeyRole.Admin;
        var given = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        var which = adminOnly ? "the admin key" : "a function key";
        if (given is null && request.Cookies[SessionCookie] is { } session)
        {
            var role = SessionRole(session);
            if (role is null || (adminOnly && role != KeyRole.Admin))
            {
                return (StatusCodes.Status401Unauthorized,
                    role is null ? "the sign-in has expired or its key was removed: sign in again" : $"signed in with a function key: this route needs {which}, sign in with it");
            }
        }
        else if (!Accepts(given, adminOnly))
        {
            return (StatusCodes.Status401Unauthorized,
                given is null ? $"this route needs {which}: pass it as ?code= or in the x-functions-key header, or sign in" : $"the key given is not {which} of this app");
        }

        return null;
    }

    /// <summary>Whether requests need a key (the API is not anonymous).</summary>
    public bool KeysRequired => !_anonymous;

    /// <summary>
    /// Whether the session cookie is sent with <c>Secure</c>: over HTTPS, and always in the Functions app, whose worker
    /// sees plain HTTP from the host in front of it (the app is HTTPS only; browsers keep a Secure cookie from http://localhost).
    /// </summary>
    public bool SecureCookie(HttpRequest request) => _host == KeyHost.FunctionsApp || request.IsHttps;

    /// <summary>
    /// The key a route needs when keys are required: none for pages, their assets and the sign-in routes; the admin key for the
    /// durable management API, deleting a catalog and moving rejected originals and back; a function key (or the admin key) for the rest.
    /// </summary>
    public static KeyRole? Needs(string method, PathString path)
    {
        if (!IsApi(path) || path.StartsWithSegments(SessionApi.Route))
        {
            return null;
        }

        var adminOnly = path.StartsWithSegments("/api/durabletask") || path.StartsWithSegments("/runtime/webhooks")
            || (HttpMethods.IsDelete(method) && path.StartsWithSegments("/api/catalogs") && !ReviewApi.IsUndo(path))
            || (HttpMethods.IsPost(method) && path.StartsWithSegments("/api/catalogs") && RejectedApi.IsDestructive(path));
        return adminOnly ? KeyRole.Admin : KeyRole.Function;
    }

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

    private static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/runtime");

    /// <summary>
    /// Why no key can be accepted, or null: none is set, or a setting still holds the Key Vault reference App Service
    /// leaves in place when it cannot resolve one (a string anyone can read in the template, never a key).
    /// </summary>
    private static string? Unusable(LuminaSettings settings)
    {
        var unresolved = new List<string>();
        if (settings.FunctionKeys.Any(IsReference))
        {
            unresolved.Add("LUMINA_FUNCTION_KEYS");
        }

        if (settings.AdminKey is { } admin && IsReference(admin))
        {
            unresolved.Add("LUMINA_ADMIN_KEY");
        }

        if (unresolved.Count > 0)
        {
            return $"{string.Join(" and ", unresolved)} still {(unresolved.Count > 1 ? "hold Key Vault references" : "holds a Key Vault reference")} the platform did not resolve: " +
                "give the app's identity Key Vault Secrets User on the vault and check the secret's URI; until then no key opens the API";
        }

        return settings.FunctionKeys.Count == 0 && settings.AdminKey is null
            ? "no key is set and the API is not anonymous: set LUMINA_FUNCTION_KEYS and LUMINA_ADMIN_KEY (in Azure, Key Vault references), " +
              "or LUMINA_AUTH=anonymous to open the API to whoever can reach it"
            : null;
    }

    private static bool IsReference(string key) => key.StartsWith(KeyVaultReference, StringComparison.OrdinalIgnoreCase);

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
}

/// <summary>
/// The host checking keys. <c>lumina serve</c>: without keys the API is anonymous (which it allows on loopback addresses only).
/// The Functions app, always on the network: without keys the API is refused unless LUMINA_AUTH=anonymous is set.
/// </summary>
public enum KeyHost
{
    Serve,
    FunctionsApp,
}

/// <summary>What a key opens: every route (admin) or all but the destructive ones and the durable management API (function).</summary>
public enum KeyRole
{
    Function,
    Admin,
}

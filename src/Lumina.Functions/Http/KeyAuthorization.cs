using System.Net;
using System.Security.Cryptography;
using System.Text;
using Lumina.Functions.Configuration;
using Microsoft.AspNetCore.Http;

namespace Lumina.Functions.Http;

/// <summary>
/// Function keys, as Azure Functions checks them: a key in the <c>code</c> query parameter or the
/// <c>x-functions-key</c> header. Lumina's routes take a function key or the admin key; the durable
/// management API and deleting a catalog take only the admin key. The trigger invocation routes the Functions host calls
/// (<see cref="InvocationApi"/>) answer loopback callers only. Keys are compared in constant time and never
/// written anywhere.
/// </summary>
public sealed class KeyAuthorization(LuminaSettings settings)
{
    // Keys are kept and compared as SHA-256 digests so the comparison takes the same time whatever the key's length.
    private readonly byte[][] _functionKeys = [.. settings.FunctionKeys.Select(Digest)];
    private readonly byte[]? _adminKey = settings.AdminKey is { } admin ? Digest(admin) : null;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (InvocationApi.Handles(path))
        {
            if (!IsLoopback(context.Connection.RemoteIpAddress))
            {
                await RefuseAsync(context, StatusCodes.Status403Forbidden, "trigger invocations come from the Functions host on this machine only");
                return;
            }
        }
        else if (!settings.Anonymous)
        {
            var adminOnly = path.StartsWithSegments("/api/durabletask") || path.StartsWithSegments("/runtime/webhooks")
                || (HttpMethods.IsDelete(context.Request.Method) && path.StartsWithSegments("/api/catalogs"));
            var given = context.Request.Headers["x-functions-key"].FirstOrDefault() ?? context.Request.Query["code"].FirstOrDefault();
            if (!Accepts(given, adminOnly))
            {
                var which = adminOnly ? "the admin key" : "a function key";
                await RefuseAsync(context, StatusCodes.Status401Unauthorized,
                    given is null ? $"this route needs {which}: pass it as ?code= or in the x-functions-key header" : $"the key given is not {which} of this app");
                return;
            }
        }

        await next(context);
    }

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

    private static bool IsLoopback(IPAddress? address) => address is null || IPAddress.IsLoopback(address);

    private static Task RefuseAsync(HttpContext context, int status, string message) => ApiErrors.WriteAsync(context, status, message);
}

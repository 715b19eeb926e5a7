using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Lumina.Functions.Http;

/// <summary>
/// Keeps web pages of other sites away from the API, which a browser on this machine can reach on 127.0.0.1:
/// <list type="bullet">
/// <item>on a loopback binding the Host header must be a loopback name or address (421 otherwise), so a site
/// whose name was rebound to 127.0.0.1 cannot talk to Lumina as if it were its own;</item>
/// <item>a request a browser marks as coming from another site (Sec-Fetch-Site, or an Origin that is not this
/// host for a request that changes something) is refused (403), except following a link to a page;</item>
/// <item>a request from a browser page that changes something (any method but GET, HEAD and OPTIONS) must carry
/// <c>X-Lumina-Request: 1</c>, a header no other site's page can add without a CORS preflight, which Lumina never
/// grants (it sends no CORS headers); the web UI sends it; a request with the session cookie is from a browser page
/// whatever else it says, and must also be <c>application/json</c> even without a body;</item>
/// <item>a body must be JSON (<c>Content-Type: application/json</c>, or a <c>+json</c> type), 415 otherwise, which
/// rules out the form posts and <c>text/plain</c> requests any page can send without a preflight.</item>
/// </list>
/// Clients that are not browsers (the CLI, curl, Event Grid, the Functions host) send no Origin or Sec-Fetch-*
/// headers and need nothing more than a JSON content type.
/// </summary>
public sealed class RequestGuard(bool loopbackHostOnly)
{
    public const string RequestHeader = "X-Lumina-Request";

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (Problem(http.Request) is ({ } status, { } message))
        {
            await ApiErrors.WriteAsync(http, status, message);
            return;
        }

        await next(http);
    }

    /// <summary>The status and message a request is refused with, or null when it may go on.</summary>
    public (int Status, string Message)? Problem(HttpRequest request)
    {
        if (loopbackHostOnly && !IsLoopbackName(request.Host.Host))
        {
            return (StatusCodes.Status421MisdirectedRequest,
                $"Host '{request.Host}' is not this machine: Lumina listening on a loopback address answers only to localhost, 127.0.0.1 or [::1] " +
                "(a web page whose name points at this machine may be trying to reach it)");
        }

        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        var changes = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        var headers = request.Headers;
        var site = headers["Sec-Fetch-Site"].ToString();
        var origin = headers.Origin.ToString();
        var crossSite = site.Length > 0
            ? site is not ("same-origin" or "none") && (changes || headers["Sec-Fetch-Mode"] != "navigate")
            : changes && origin.Length > 0 && !SameAuthority(origin, request.Host);
        if (crossSite)
        {
            return (StatusCodes.Status403Forbidden,
                $"a request from another site ({(origin.Length > 0 ? origin : site)}) is refused: Lumina's API answers its own pages and programs that are not browsers");
        }

        // A request authorized by the session cookie came from a browser, whatever headers it lacks.
        var signedIn = request.Cookies.ContainsKey(KeyAuthorization.SessionCookie);
        if (changes && (site.Length > 0 || origin.Length > 0 || signedIn) && headers[RequestHeader] != "1")
        {
            return (StatusCodes.Status403Forbidden, $"a request from a browser page that changes something must carry the header {RequestHeader}: 1");
        }

        if (changes && signedIn && !hasBody && !IsJson(request.ContentType))
        {
            return (StatusCodes.Status415UnsupportedMediaType,
                $"a request from a signed-in page that changes something must be sent with Content-Type: application/json (got {(request.ContentType is { } given ? $"'{given}'" : "no Content-Type")})");
        }

        if (hasBody && !IsJson(request.ContentType))
        {
            return (StatusCodes.Status415UnsupportedMediaType,
                $"the request body must be JSON sent with Content-Type: application/json (got {(request.ContentType is { } type ? $"'{type}'" : "no Content-Type")})");
        }

        return null;
    }

    /// <summary>localhost, a name under .localhost, or a loopback address; an absent Host (HTTP/1.0) is taken as local.</summary>
    public static bool IsLoopbackName(string host)
    {
        if (host.Length == 0 || host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static bool SameAuthority(string origin, HostString host) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, host.Value, StringComparison.OrdinalIgnoreCase);

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.Type.Equals("application", StringComparison.OrdinalIgnoreCase)
        && (media.SubType.Equals("json", StringComparison.OrdinalIgnoreCase) || media.SubType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}

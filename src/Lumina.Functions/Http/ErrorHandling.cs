using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Lumina.Functions.Http;

/// <summary>
/// Gives every error answer a JSON body: requests the server could not read (413 over the body limit, a body cut
/// short) become one clear message instead of an unhandled exception, answers without a body (no such route, a
/// method the route does not take) get one, and anything unexpected is a 500 whose stack trace goes to the log only.
/// </summary>
public sealed partial class ErrorHandling(ILogger<ErrorHandling> logger)
{
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            await ApiErrors.WriteAsync(http, e.StatusCode, Unreadable(http, e));
            return;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            Failed(e, http.Request.Method, http.Request.Path);
            await ApiErrors.WriteAsync(http, StatusCodes.Status500InternalServerError, "Lumina failed to answer this request; its log says why");
            return;
        }

        if (http.Response.StatusCode >= 400 && !http.Response.HasStarted)
        {
            await ApiErrors.WriteAsync(http, http.Response.StatusCode, Unanswered(http));
        }
    }

    private static string Unreadable(HttpContext http, BadHttpRequestException e) =>
        e.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? $"the request body is larger than {Megabytes(http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)}, the most this API takes"
            : $"the request could not be read: {e.Message}";

    private static string Megabytes(long? bytes) => bytes is { } b ? $"{b / 1_000_000.0:0.#} MB" : "the limit";

    private static string Unanswered(HttpContext http)
    {
        var request = http.Request;
        var target = $"{request.Method} {request.PathBase}{request.Path}";
        return http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"no route answers {target}",
            StatusCodes.Status405MethodNotAllowed => http.Response.Headers.Allow is { Count: > 0 } allow
                ? $"{target}: the route takes {string.Join(", ", allow.ToArray())}"
                : $"{target}: the route does not take {request.Method}",
            var status => $"{target}: {ReasonPhrases.GetReasonPhrase(status).ToLowerInvariant()}",
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private partial void Failed(Exception exception, string method, string path);
}

using Lumina.Functions.Jobs;
using Lumina.Storage.Blobs;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Lumina.Storage.Paths;
using Microsoft.AspNetCore.Http;

namespace Lumina.Functions.Http;

/// <summary>Error responses: a status code and <c>{"error": "..."}</c> naming the problem; the one place they are written.</summary>
public static class ApiErrors
{
    private const string MessageKey = "lumina.error";

    public static IResult Error(int status, string message) => new ErrorResult(status, message);

    /// <summary>Writes the error and keeps its message for the request's log line.</summary>
    public static Task WriteAsync(HttpContext http, int status, string message)
    {
        http.Items[MessageKey] = message;
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new ErrorBody(message), ApiJson.Options);
    }

    /// <summary>The message of the error this request was answered with, if Lumina wrote one.</summary>
    public static string? MessageOf(HttpContext http) => http.Items.TryGetValue(MessageKey, out var message) ? message as string : null;

    /// <summary>Maps what a request can get wrong to 400/404/409/410; anything else stays a 500.</summary>
    public static async ValueTask<object?> AsStatusCodes(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (StatusOf(e) is { } status)
        {
            return Error(status, e.Message);
        }
    }

    /// <summary>Runs a handler outside an endpoint filter (the Functions app) with the same mapping as <see cref="AsStatusCodes"/>.</summary>
    public static async Task<IResult> AnswerAsync(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (Exception e) when (StatusOf(e) is { } status)
        {
            return Error(status, e.Message);
        }
    }

    private static int? StatusOf(Exception e) => e switch
    {
        RequestException => StatusCodes.Status400BadRequest,
        JobException job => job.Status,
        CatalogException { Fault: CatalogFault.NotFound } => StatusCodes.Status404NotFound,
        CatalogException { Fault: CatalogFault.Conflict } => StatusCodes.Status409Conflict,
        CatalogException or PathEscapeException or BlobStorageException => StatusCodes.Status400BadRequest,
        BlobNotFoundException => StatusCodes.Status404NotFound,
        _ => null,
    };

    private sealed record ErrorBody(string Error);

    private sealed class ErrorResult(int status, string message) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, status, message);
    }
}

/// <summary>A request whose body, query or route values are not what the route takes (400); the message names the field and what it takes.</summary>
internal sealed class RequestException(string message) : Exception(message);

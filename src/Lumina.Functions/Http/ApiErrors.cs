using System.Text.Json;
using Lumina.Functions.Jobs;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Microsoft.AspNetCore.Http;

namespace Lumina.Functions.Http;

/// <summary>Error responses: a status code and <c>{"error": "..."}</c> naming the problem.</summary>
internal static class ApiErrors
{
    public static IResult Error(int status, string message) =>
        TypedResults.Json(new { error = message }, ApiJson.Options, statusCode: status);

    /// <summary>Maps what a request can get wrong to 400/404/409/410; anything else stays a 500.</summary>
    public static async ValueTask<object?> AsStatusCodes(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (JobException e)
        {
            return Error(e.Status, e.Message);
        }
        catch (CatalogException e)
        {
            return Error(e.Message.StartsWith("no catalog", StringComparison.Ordinal) ? 404
                : e.Message.Contains("already exists", StringComparison.Ordinal) ? 409 : 400, e.Message);
        }
        catch (BlobStorageException e)
        {
            return Error(400, e.Message);
        }
    }

    /// <summary>Reads a JSON body as <typeparamref name="T"/>, or returns the 400 that says what is wrong with it.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadBodyAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, ApiJson.Options, ct);
            return value is null ? (null, Error(400, "the request needs a JSON object body")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Error(400, $"bad JSON: {e.Message}"));
        }
    }
}

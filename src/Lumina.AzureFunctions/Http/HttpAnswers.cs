using Lumina.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Lumina.AzureFunctions.Http;

/// <summary>
/// What <c>lumina serve</c> wraps around its route handlers, for the HTTP functions: the request guard (a JSON body,
/// no cross-site browser requests; the Host check stays with loopback bindings) and errors mapped to status codes
/// with <c>{"error": ...}</c>. Keys are the Functions host's to check (each function's authorization level).
/// </summary>
internal static class HttpAnswers
{
    private static readonly RequestGuard Guard = new(loopbackHostOnly: false);

    public static Task<IResult> AnswerAsync(HttpRequest request, Func<Task<IResult>> handler) =>
        Guard.Problem(request) is var (status, message) ? Task.FromResult(ApiErrors.Error(status, message)) : ApiErrors.AnswerAsync(handler);

    /// <summary>A query parameter as a minimal API binds it to a string: absent is null, repeated values are joined.</summary>
    public static string? Query(HttpRequest request, string name) => request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}

using Lumina.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Lumina.AzureFunctions.Http;

/// <summary>
/// What <c>lumina serve</c> wraps around its route handlers, for the HTTP functions, in the same order: the request
/// guard (a JSON body, no cross-site browser requests; the Host check stays with loopback bindings), Lumina's keys and
/// session cookie (<see cref="KeyAuthorization"/>: the functions are anonymous to the Functions host, so
/// <c>?code=</c> and <c>x-functions-key</c> carry Lumina's keys), and errors mapped to status codes with
/// <c>{"error": ...}</c>.
/// </summary>
internal static class HttpAnswers
{
    private static readonly RequestGuard Guard = new(loopbackHostOnly: false);

    public static Task<IResult> AnswerAsync(HttpRequest request, Func<Task<IResult>> handler) =>
        (Guard.Problem(request) ?? request.HttpContext.RequestServices.GetRequiredService<KeyAuthorization>().Problem(request)) is var (status, message)
            ? Task.FromResult(ApiErrors.Error(status, message))
            : ApiErrors.AnswerAsync(handler);

    /// <summary>For a function the Functions host has already checked a key of its own for (<see cref="EventGridFunctions"/>): the guard only.</summary>
    public static Task<IResult> AnswerCheckedByHostAsync(HttpRequest request, Func<Task<IResult>> handler) =>
        Guard.Problem(request) is var (status, message) ? Task.FromResult(ApiErrors.Error(status, message)) : ApiErrors.AnswerAsync(handler);

    /// <summary>A query parameter as a minimal API binds it to a string: absent is null, repeated values are joined.</summary>
    public static string? Query(HttpRequest request, string name) => request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}

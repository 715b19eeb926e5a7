using Lumina.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Lumina.AzureFunctions.Http.HttpAnswers;

namespace Lumina.AzureFunctions.Http;

/// <summary>
/// Signing a browser in (<see cref="SessionApi"/>) as HTTP functions: <c>POST /api/session {"key"}</c> with a Lumina key sets
/// the <c>lumina_session</c> cookie, which then opens the API functions as it opens serve's routes.
/// </summary>
public sealed class SessionFunctions(KeyAuthorization keys)
{
    [Function("SessionGet")]
    public Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/session")] HttpRequest request) =>
        AnswerAsync(request, () => Task.FromResult(SessionApi.Get(request, keys)));

    [Function("SessionSignIn")]
    public Task<IResult> SignInAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/session")] HttpRequest request, CancellationToken ct) =>
        AnswerAsync(request, () => SessionApi.SignInAsync(request.HttpContext, keys, ct));

    [Function("SessionSignOut")]
    public Task<IResult> SignOutAsync([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/session")] HttpRequest request) =>
        AnswerAsync(request, () => Task.FromResult(SessionApi.SignOut(request.HttpContext, keys)));
}

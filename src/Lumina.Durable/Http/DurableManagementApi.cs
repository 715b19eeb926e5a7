using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lumina.Durable.Http;

/// <summary>The prefix a management route group is mounted under, for the links it returns.</summary>
internal sealed record ManagementApiPrefix(string Prefix);

public static class DurableManagementApi
{
    /// <summary>
    /// Maps the Durable Functions management API (start, status, list, raiseEvent, terminate, suspend, resume,
    /// restart, purge) under <paramref name="prefix"/>, e.g. "/runtime/webhooks/durabletask" or
    /// "/api/durabletask". Returns the route group, to which the app can add authorization.
    /// </summary>
    public static RouteGroupBuilder MapDurableManagementApi(this IEndpointRouteBuilder endpoints, string prefix)
    {
        var normalized = "/" + prefix.Trim('/');
        var group = endpoints.MapGroup(normalized)
            .WithMetadata(new ManagementApiPrefix(normalized))
            .AddEndpointFilter(ClientErrorsAsStatusCodes);
        group.MapPost("/orchestrators/{name}/{instanceId?}", ManagementHandlers.StartAsync);
        group.MapGet("/instances", ManagementHandlers.ListAsync);
        group.MapDelete("/instances", ManagementHandlers.PurgeManyAsync);
        group.MapGet("/instances/{instanceId}", ManagementHandlers.GetStatusAsync);
        group.MapDelete("/instances/{instanceId}", ManagementHandlers.PurgeAsync);
        group.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", ManagementHandlers.RaiseEventAsync);
        group.MapPost("/instances/{instanceId}/terminate", ManagementHandlers.TerminateAsync);
        group.MapPost("/instances/{instanceId}/suspend", ManagementHandlers.SuspendAsync);
        group.MapPost("/instances/{instanceId}/resume", ManagementHandlers.ResumeAsync);
        group.MapPost("/instances/{instanceId}/restart", ManagementHandlers.RestartAsync);
        return group;
    }

    /// <summary>
    /// Runs a management handler outside the route group (an Azure Functions HTTP function mounted at
    /// <paramref name="prefix"/>), with the same links and the same mapping of client errors to status codes.
    /// </summary>
    public static async Task<IResult> AnswerAsync(HttpContext http, string prefix, Func<Task<IResult>> handler)
    {
        http.Items[typeof(ManagementApiPrefix)] = new ManagementApiPrefix("/" + prefix.Trim('/'));
        try
        {
            return await handler();
        }
        catch (Exception e) when (ApiErrors.For(e) is { } result)
        {
            return result;
        }
    }

    private static async ValueTask<object?> ClientErrorsAsStatusCodes(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (ApiErrors.For(e) is { } result)
        {
            return result;
        }
    }
}

using Lumina.Durable.Http;
using Lumina.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Lumina.AzureFunctions.Http;

/// <summary>
/// The Durable Functions management API under <c>/api/durabletask</c>, where job check-status links point, for the
/// admin key, as <c>lumina serve</c> maps it (<see cref="DurableManagementApi"/>). The host's own copy is at
/// <c>/runtime/webhooks/durabletask</c>.
/// </summary>
public static class DurableManagementFunctions
{
    private const string Route = "api/durabletask";

    [Function("DurableStart")]
    public static Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/orchestrators/{name}/{instanceId?}")] HttpRequest request, string name, string? instanceId,
        [DurableClient] DurableTaskClient client) =>
        AnswerAsync(request, client, api => ManagementHandlers.StartAsync(name, instanceId, api));

    [Function("DurableInstances")]
    public static Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route + "/instances")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        AnswerAsync(request, client, ManagementHandlers.ListAsync);

    [Function("DurablePurgeInstances")]
    public static Task<IResult> PurgeManyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Route + "/instances")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        AnswerAsync(request, client, ManagementHandlers.PurgeManyAsync);

    [Function("DurableInstance")]
    public static Task<IResult> GetStatusAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route + "/instances/{instanceId}")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client) =>
        AnswerAsync(request, client, api => ManagementHandlers.GetStatusAsync(instanceId, api));

    [Function("DurablePurgeInstance")]
    public static Task<IResult> PurgeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Route + "/instances/{instanceId}")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client) =>
        AnswerAsync(request, client, api => ManagementHandlers.PurgeAsync(instanceId, api));

    [Function("DurableRaiseEvent")]
    public static Task<IResult> RaiseEventAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/instances/{instanceId}/raiseEvent/{eventName}")] HttpRequest request,
        string instanceId, string eventName, [DurableClient] DurableTaskClient client) =>
        AnswerAsync(request, client, api => ManagementHandlers.RaiseEventAsync(instanceId, eventName, api));

    [Function("DurableTerminate")]
    public static Task<IResult> TerminateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/instances/{instanceId}/terminate")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client) =>
        AnswerAsync(request, client, api => ManagementHandlers.TerminateAsync(instanceId, api));

    [Function("DurableSuspend")]
    public static Task<IResult> SuspendAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/instances/{instanceId}/suspend")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client) =>
        AnswerAsync(request, client, api => ManagementHandlers.SuspendAsync(instanceId, api));

    [Function("DurableResume")]
    public static Task<IResult> ResumeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/instances/{instanceId}/resume")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client) =>
        AnswerAsync(request, client, api => ManagementHandlers.ResumeAsync(instanceId, api));

    [Function("DurableRestart")]
    public static Task<IResult> RestartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/instances/{instanceId}/restart")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client, FunctionContext function)
    {
        // A job restarted is a new job Lumina records, as under lumina serve (JobRestarter).
        request.HttpContext.Items[typeof(IInstanceRestarter)] = function.InstanceServices.GetRequiredService<DurableServices>().Restarter(client);
        return AnswerAsync(request, client, api => ManagementHandlers.RestartAsync(instanceId, api));
    }

    private static Task<IResult> AnswerAsync(HttpRequest request, DurableTaskClient client, Func<ManagementRequest, Task<IResult>> handler) =>
        HttpAnswers.AnswerAsync(request, () => DurableManagementApi.AnswerAsync(request.HttpContext, JobsApi.DurableApiPrefix, () => handler(new ManagementRequest(request.HttpContext, client))));
}

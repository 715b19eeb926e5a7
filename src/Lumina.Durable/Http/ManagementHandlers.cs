using DurableTask.Core.Exceptions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.DurableTask;

namespace Lumina.Durable.Http;

using Microsoft.DurableTask.Client;

/// <summary>What a management request handler needs.</summary>
public readonly record struct ManagementRequest(HttpContext Http, DurableTaskClient Client)
{
    public HttpRequest Request => Http.Request;

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The absolute URL of the API under the prefix this request came through.</summary>
    public string ApiBase =>
        $"{Request.Scheme}://{Request.Host}{Request.PathBase}{(Http.GetEndpoint()?.Metadata.GetMetadata<ManagementApiPrefix>() ?? Http.Items[typeof(ManagementApiPrefix)] as ManagementApiPrefix)?.Prefix}";
}

/// <summary>
/// The handlers of the Durable Functions management routes, over the client API alone (so they serve any
/// <see cref="DurableTaskClient"/>); client errors become status codes in <see cref="ApiErrors"/>.
/// </summary>
public static class ManagementHandlers
{
    private const string ContinuationHeader = "x-ms-continuation-token";
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;
    private static readonly OrchestrationRuntimeStatus[] FinishedStatuses =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];
    private const string RetryAfterSeconds = "10";

    public static async Task<IResult> StartAsync(string name, string? instanceId, [AsParameters] ManagementRequest api)
    {
        var input = await RequestValues.JsonBodyAsync(api.Request, api.Aborted);
        return CheckStatus(api, await ScheduleAsync(api, name, input, instanceId));
    }

    public static async Task<IResult> GetStatusAsync(string instanceId, [AsParameters] ManagementRequest api)
    {
        var showHistory = RequestValues.Flag(api.Request, "showHistory", false);
        var showHistoryOutput = RequestValues.Flag(api.Request, "showHistoryOutput", false);
        var showInput = RequestValues.Flag(api.Request, "showInput", true);
        var instance = await FindAsync(api, instanceId, withPayloads: true);
        var history = showHistory ? await api.Client.GetOrchestrationHistoryAsync(instanceId, api.Aborted) : null;
        var body = InstanceStatusResponse.From(instance, showInput, history, showHistoryOutput);
        if (!IsUnfinished(instance.RuntimeStatus))
        {
            return TypedResults.Json(body, HttpJson.Options);
        }

        AddPollingHeaders(api, HttpManagementPayload.For(api.ApiBase, instanceId).StatusQueryGetUri);
        return TypedResults.Json(body, HttpJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> ListAsync([AsParameters] ManagementRequest api)
    {
        var request = api.Request;
        var showInput = RequestValues.Flag(request, "showInput", false);
        var query = new OrchestrationQuery
        {
            Statuses = RequestValues.Statuses(request, "runtimeStatus"),
            CreatedFrom = RequestValues.Time(request, "createdTimeFrom"),
            CreatedTo = RequestValues.Time(request, "createdTimeTo"),
            InstanceIdPrefix = RequestValues.Text(request, "instanceIdPrefix"),
            PageSize = RequestValues.Int(request, "top", 1, MaxPageSize) ?? DefaultPageSize,
            FetchInputsAndOutputs = true,
        };
        var token = request.Headers[ContinuationHeader].ToString() is { Length: > 0 } given ? given : null;
        await foreach (var page in api.Client.GetAllInstancesAsync(query).AsPages(token, query.PageSize).WithCancellation(api.Aborted))
        {
            if (page.ContinuationToken is { } next)
            {
                api.Http.Response.Headers[ContinuationHeader] = next;
            }

            return TypedResults.Json(page.Values.Select(i => InstanceStatusResponse.From(i, showInput, null, false)).ToList(), HttpJson.Options);
        }

        return TypedResults.Json(Array.Empty<InstanceStatusResponse>(), HttpJson.Options);
    }

    public static async Task<IResult> RaiseEventAsync(string instanceId, string eventName, [AsParameters] ManagementRequest api)
    {
        var data = await RequestValues.JsonBodyAsync(api.Request, api.Aborted);
        if (string.IsNullOrWhiteSpace(eventName))
        {
            throw new ArgumentException("An event name must not be empty.");
        }

        await RequireRunningAsync(api, instanceId, $"take event '{eventName}'");
        await api.Client.RaiseEventAsync(instanceId, eventName, data, api.Aborted);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<IResult> TerminateAsync(string instanceId, [AsParameters] ManagementRequest api)
    {
        await RequireRunningAsync(api, instanceId, "be terminated");
        await api.Client.TerminateInstanceAsync(instanceId, RequestValues.Text(api.Request, "reason"), api.Aborted);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<IResult> SuspendAsync(string instanceId, [AsParameters] ManagementRequest api)
    {
        await RequireRunningAsync(api, instanceId, "be suspended");
        await api.Client.SuspendInstanceAsync(instanceId, RequestValues.Text(api.Request, "reason"), api.Aborted);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<IResult> ResumeAsync(string instanceId, [AsParameters] ManagementRequest api)
    {
        await RequireRunningAsync(api, instanceId, "be resumed");
        await api.Client.ResumeInstanceAsync(instanceId, RequestValues.Text(api.Request, "reason"), api.Aborted);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<IResult> RestartAsync(string instanceId, [AsParameters] ManagementRequest api)
    {
        var newInstanceId = RequestValues.Flag(api.Request, "restartWithNewInstanceId", true);
        var instance = await FindAsync(api, instanceId, withPayloads: true);
        var restarter = api.Http.Items[typeof(IInstanceRestarter)] as IInstanceRestarter ?? api.Http.RequestServices.GetService<IInstanceRestarter>();
        var restarted = restarter is { } app
            ? await app.RestartAsync(instance, newInstanceId ? null : instanceId, api.Aborted)
            : null;
        return CheckStatus(api, restarted ?? await ScheduleAsync(api, instance.Name, HttpJson.Embed(instance.SerializedInput), newInstanceId ? null : instanceId));
    }

    public static async Task<IResult> PurgeAsync(string instanceId, [AsParameters] ManagementRequest api)
    {
        if (IsUnfinished((await FindAsync(api, instanceId, withPayloads: false)).RuntimeStatus))
        {
            throw new InstanceNotFinishedException(instanceId);
        }

        var purged = await api.Client.PurgeInstanceAsync(instanceId, cancellation: api.Aborted);
        return TypedResults.Json(new PurgeResponse(purged.PurgedInstanceCount), HttpJson.Options);
    }

    public static async Task<IResult> PurgeManyAsync([AsParameters] ManagementRequest api)
    {
        var from = RequestValues.Time(api.Request, "createdTimeFrom")
            ?? throw new ArgumentException("Query parameter 'createdTimeFrom' is required to purge instances by time range.");
        var statuses = RequestValues.Statuses(api.Request, "runtimeStatus")?.Where(s => !IsUnfinished(s)).ToList() ?? [.. FinishedStatuses];
        var purged = statuses.Count == 0 ? new PurgeResult(0) : await api.Client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(from, RequestValues.Time(api.Request, "createdTimeTo"), statuses), cancellation: api.Aborted);
        return TypedResults.Json(new PurgeResponse(purged.PurgedInstanceCount), HttpJson.Options);
    }

    /// <summary>Starts an instance; an id whose instance has not finished is refused (409), a finished one is replaced.</summary>
    private static async Task<string> ScheduleAsync(ManagementRequest api, string name, object? input, string? instanceId)
    {
        if (instanceId is not null)
        {
            InstanceIds.Validate(instanceId);
            if (await api.Client.GetInstanceAsync(instanceId, api.Aborted) is { } existing && IsUnfinished(existing.RuntimeStatus))
            {
                throw new InstanceAlreadyExistsException(instanceId);
            }
        }

        try
        {
            return await api.Client.ScheduleNewOrchestrationInstanceAsync(name, input, new Microsoft.DurableTask.StartOrchestrationOptions(instanceId), api.Aborted);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            throw new InstanceAlreadyExistsException(instanceId ?? "");
        }
    }

    private static async Task<OrchestrationMetadata> FindAsync(ManagementRequest api, string instanceId, bool withPayloads) =>
        await api.Client.GetInstanceAsync(instanceId, withPayloads, api.Aborted) ?? throw new InstanceNotFoundException(api.Client.Name, instanceId);

    /// <summary>Throws 404 for an unknown instance and 410 for a finished one, which cannot <paramref name="operation"/>.</summary>
    private static async Task RequireRunningAsync(ManagementRequest api, string instanceId, string operation)
    {
        var instance = await FindAsync(api, instanceId, withPayloads: false);
        if (!IsUnfinished(instance.RuntimeStatus))
        {
            throw new InstanceFinishedException(instanceId, instance.RuntimeStatus.ToString(), operation);
        }
    }

    /// <summary>202 with the instance's management links, Location and Retry-After.</summary>
    private static IResult CheckStatus(ManagementRequest api, string instanceId)
    {
        var payload = HttpManagementPayload.For(api.ApiBase, instanceId);
        AddPollingHeaders(api, payload.StatusQueryGetUri);
        return TypedResults.Json(payload, HttpJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static bool IsUnfinished(OrchestrationRuntimeStatus status) => status is
        OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;

    private static void AddPollingHeaders(ManagementRequest api, string statusUri)
    {
        api.Http.Response.Headers.Location = statusUri;
        api.Http.Response.Headers.RetryAfter = RetryAfterSeconds;
    }

    private sealed record PurgeResponse(int InstancesDeleted);
}

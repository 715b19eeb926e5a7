using Lumina.Durable.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Lumina.Durable.Http;

/// <summary>What a management request handler needs.</summary>
internal readonly record struct ManagementRequest(HttpContext Http, IDurableClient Client, IOptions<DurableOptions> Options)
{
    public HttpRequest Request => Http.Request;

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The absolute URL of the API under the prefix this request came through.</summary>
    public string ApiBase =>
        $"{Request.Scheme}://{Request.Host}{Request.PathBase}{Http.GetEndpoint()?.Metadata.GetMetadata<ManagementApiPrefix>()?.Prefix}";
}

/// <summary>The handlers of the Durable Functions management routes; client errors become status codes in <see cref="ApiErrors"/>.</summary>
internal static class ManagementHandlers
{
    private const string ContinuationHeader = "x-ms-continuation-token";
    private const int DefaultPageSize = 100;
    private const string RetryAfterSeconds = "10";

    public static async Task<IResult> StartAsync(string name, string? instanceId, [AsParameters] ManagementRequest api)
    {
        var input = await RequestValues.JsonBodyAsync(api.Request, api.Aborted);
        var id = await api.Client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId), api.Aborted);
        return CheckStatus(api, id);
    }

    public static async Task<IResult> GetStatusAsync(string instanceId, [AsParameters] ManagementRequest api)
    {
        var showHistory = RequestValues.Flag(api.Request, "showHistory", false);
        var showHistoryOutput = RequestValues.Flag(api.Request, "showHistoryOutput", false);
        var showInput = RequestValues.Flag(api.Request, "showInput", true);
        var instance = await api.Client.GetInstanceAsync(instanceId, showInput, showHistory, api.Aborted)
            ?? throw new InstanceNotFoundException(api.Options.Value.TaskHub, instanceId);
        var body = InstanceStatusResponse.From(instance, showHistoryOutput);
        if (!instance.IsRunning)
        {
            return TypedResults.Json(body, HttpJson.Options);
        }

        AddPollingHeaders(api, HttpManagementPayload.For(api.ApiBase, instanceId).StatusQueryGetUri);
        return TypedResults.Json(body, HttpJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> ListAsync([AsParameters] ManagementRequest api)
    {
        var request = api.Request;
        var query = new OrchestrationQuery
        {
            Statuses = RequestValues.Statuses(request, "runtimeStatus"),
            CreatedFrom = RequestValues.Time(request, "createdTimeFrom"),
            CreatedTo = RequestValues.Time(request, "createdTimeTo"),
            InstanceIdPrefix = RequestValues.Text(request, "instanceIdPrefix"),
            PageSize = RequestValues.Int(request, "top", 1, DurableClient.MaxPageSize) ?? DefaultPageSize,
            ContinuationToken = request.Headers[ContinuationHeader].ToString() is { Length: > 0 } token ? token : null,
            IncludeInput = RequestValues.Flag(request, "showInput", false),
        };
        var page = await api.Client.QueryInstancesAsync(query, api.Aborted);
        if (page.ContinuationToken is { } next)
        {
            api.Http.Response.Headers[ContinuationHeader] = next;
        }

        return TypedResults.Json(page.Instances.Select(i => InstanceStatusResponse.From(i, false)).ToList(), HttpJson.Options);
    }

    public static async Task<IResult> RaiseEventAsync(string instanceId, string eventName, [AsParameters] ManagementRequest api)
    {
        var data = await RequestValues.JsonBodyAsync(api.Request, api.Aborted);
        await api.Client.RaiseEventAsync(instanceId, eventName, data, api.Aborted);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<IResult> TerminateAsync(string instanceId, [AsParameters] ManagementRequest api)
    {
        await api.Client.TerminateInstanceAsync(instanceId, RequestValues.Text(api.Request, "reason"), api.Aborted);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<IResult> SuspendAsync(string instanceId, [AsParameters] ManagementRequest api)
    {
        await api.Client.SuspendInstanceAsync(instanceId, RequestValues.Text(api.Request, "reason"), api.Aborted);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<IResult> ResumeAsync(string instanceId, [AsParameters] ManagementRequest api)
    {
        await api.Client.ResumeInstanceAsync(instanceId, RequestValues.Text(api.Request, "reason"), api.Aborted);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<IResult> RestartAsync(string instanceId, [AsParameters] ManagementRequest api)
    {
        var newInstanceId = RequestValues.Flag(api.Request, "restartWithNewInstanceId", true);
        var id = await api.Client.RestartInstanceAsync(instanceId, newInstanceId, api.Aborted);
        return CheckStatus(api, id);
    }

    public static async Task<IResult> PurgeAsync(string instanceId, [AsParameters] ManagementRequest api)
    {
        await api.Client.PurgeInstanceAsync(instanceId, api.Aborted);
        return TypedResults.Json(new PurgeResponse(1), HttpJson.Options);
    }

    public static async Task<IResult> PurgeManyAsync([AsParameters] ManagementRequest api)
    {
        var from = RequestValues.Time(api.Request, "createdTimeFrom")
            ?? throw new ArgumentException("Query parameter 'createdTimeFrom' is required to purge instances by time range.");
        var deleted = await api.Client.PurgeInstancesAsync(
            from, RequestValues.Time(api.Request, "createdTimeTo"), RequestValues.Statuses(api.Request, "runtimeStatus"), api.Aborted);
        return TypedResults.Json(new PurgeResponse(deleted), HttpJson.Options);
    }

    /// <summary>202 with the instance's management links, Location and Retry-After.</summary>
    private static IResult CheckStatus(ManagementRequest api, string instanceId)
    {
        var payload = HttpManagementPayload.For(api.ApiBase, instanceId);
        AddPollingHeaders(api, payload.StatusQueryGetUri);
        return TypedResults.Json(payload, HttpJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static void AddPollingHeaders(ManagementRequest api, string statusUri)
    {
        api.Http.Response.Headers.Location = statusUri;
        api.Http.Response.Headers.RetryAfter = RetryAfterSeconds;
    }

    private sealed record PurgeResponse(int InstancesDeleted);
}

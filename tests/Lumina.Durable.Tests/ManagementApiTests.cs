using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lumina.Durable.Tests;

/// <summary>
/// Every route of the Durable Functions management API, with each status code it returns, on each provider of the Durable
/// Task Framework: PostgreSQL (<see cref="PostgresManagementApiTests"/>) and Azure Storage (<see cref="AzureStorageManagementApiTests"/>).
/// </summary>
public abstract partial class ManagementApiTests : IAsyncLifetime
{
    private const string Webhooks = "/runtime/webhooks/durabletask";
    private ManagementApiHost _host = null!;

    private HttpClient Http => _host.Http;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await ManagementApiHost.StartAsync(await AddDurableAsync());

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    /// <summary>What registers the engine under test, on task hub "http", with the orchestrators <see cref="ManagementApiOrchestrators"/>.</summary>
    protected abstract Task<Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>> AddDurableAsync();

    [Theory]
    [InlineData(Webhooks)]
    [InlineData("/api/durabletask")]
    public async Task StartAnswers202WithTheCheckStatusLinksUnderTheRequestsPrefix(string prefix)
    {
        using var response = await PostAsync($"{prefix}/orchestrators/Echo", """{"photo":"a.jpg"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await JsonAsync(response);
        var id = body.GetProperty("id").GetString()!;
        var instance = $"{Http.BaseAddress!.ToString().TrimEnd('/')}{prefix}/instances/{id}";
        Assert.Equal(instance, body.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal($"{instance}/raiseEvent/{{eventName}}", body.GetProperty("sendEventPostUri").GetString());
        Assert.Equal($"{instance}/terminate?reason={{text}}", body.GetProperty("terminatePostUri").GetString());
        Assert.Equal(instance, body.GetProperty("purgeHistoryDeleteUri").GetString());
        Assert.Equal($"{instance}/restart", body.GetProperty("restartPostUri").GetString());
        Assert.Equal($"{instance}/suspend?reason={{text}}", body.GetProperty("suspendPostUri").GetString());
        Assert.Equal($"{instance}/resume?reason={{text}}", body.GetProperty("resumePostUri").GetString());
        Assert.Equal(instance, response.Headers.Location!.ToString());
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task StartUsesTheInstanceIdOfTheRouteAndAnswers409WhileThatInstanceRuns()
    {
        using var first = await PostAsync($"{Webhooks}/orchestrators/WaitForGo/job-42", "");
        using var second = await PostAsync($"{Webhooks}/orchestrators/WaitForGo/job-42", "");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("job-42", (await JsonAsync(first)).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("'job-42' already exists", await MessageAsync(second));
    }

    [Fact]
    public async Task StartAnswers400ForBadJsonAndForAnUnknownOrchestrator()
    {
        using var badJson = await PostAsync($"{Webhooks}/orchestrators/Echo", "{not json");
        using var unknown = await PostAsync($"{Webhooks}/orchestrators/Nope", "1");

        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.StartsWith("The request body is not valid JSON", await MessageAsync(badJson));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("No orchestrator named 'Nope' is registered (registered: Echo, WaitForGo).", await MessageAsync(unknown));
    }

    [Fact]
    public async Task StatusAnswers202WhileRunningAnd200OnceFinished()
    {
        var id = await StartAsync("WaitForGo");

        using var running = await Http.GetAsync($"{Webhooks}/instances/{id}", Ct);
        using var raised = await PostAsync($"{Webhooks}/instances/{id}/raiseEvent/go", "\"done\"");
        using var finished = await WaitUntilFinishedAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.EndsWith($"{Webhooks}/instances/{id}", running.Headers.Location!.ToString());
        Assert.Equal(TimeSpan.FromSeconds(10), running.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        var body = await JsonAsync(finished);
        Assert.Equal(("WaitForGo", id, "Completed", "done"),
            (body.GetProperty("name").GetString(), body.GetProperty("instanceId").GetString(), body.GetProperty("runtimeStatus").GetString(),
             body.GetProperty("output").GetString()));
        Assert.Matches(UtcSeconds(), body.GetProperty("createdTime").GetString()!);
        Assert.Matches(UtcSeconds(), body.GetProperty("lastUpdatedTime").GetString()!);
        Assert.False(body.TryGetProperty("historyEvents", out _));
    }

    [Fact]
    public async Task StatusShowsHistoryOutputAndInputOnlyWhenAsked()
    {
        var id = await StartAsync("Echo", """{"size":3}""");
        (await WaitUntilFinishedAsync(id)).Dispose();

        var plain = await GetJsonAsync($"{Webhooks}/instances/{id}?showInput=false");
        var history = await GetJsonAsync($"{Webhooks}/instances/{id}?showHistory=true");
        var outputs = await GetJsonAsync($"{Webhooks}/instances/{id}?showHistory=true&showHistoryOutput=true");

        Assert.Equal(JsonValueKind.Null, plain.GetProperty("input").ValueKind);
        Assert.Equal(3, history.GetProperty("input").GetProperty("size").GetInt32());
        var events = history.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal(["OrchestratorStarted", "ExecutionStarted", "ExecutionCompleted", "OrchestratorCompleted"],
            events.Select(e => e.GetProperty("eventType").GetString()));
        Assert.DoesNotContain(events, e => e.TryGetProperty("payload", out _));
        Assert.Equal(3, outputs.GetProperty("historyEvents")[2].GetProperty("payload").GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task StatusAnswers404ForAnUnknownInstanceAnd400ForABadFlag()
    {
        using var unknown = await Http.GetAsync($"{Webhooks}/instances/nobody", Ct);
        using var badFlag = await Http.GetAsync($"{Webhooks}/instances/nobody?showHistory=maybe", Ct);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("No orchestration instance 'nobody' exists in task hub 'http'.", await MessageAsync(unknown));
        Assert.Equal(HttpStatusCode.BadRequest, badFlag.StatusCode);
        Assert.Equal("Query parameter 'showHistory' must be true or false (got 'maybe').", await MessageAsync(badFlag));
    }

    [Fact]
    public async Task ListFiltersAndPagesWithTheContinuationHeader()
    {
        var prefix = $"list{Guid.NewGuid():N}";
        foreach (var n in new[] { 1, 2, 3 })
        {
            (await WaitUntilFinishedAsync(await StartAsync("Echo", $"{n}", $"{prefix}-{n}"))).Dispose();
        }

        await StartAsync("WaitForGo", instanceId: $"{prefix}-running");

        using var first = await Http.GetAsync($"{Webhooks}/instances?instanceIdPrefix={prefix}&runtimeStatus=Completed&top=2&showInput=true", Ct);
        var token = first.Headers.GetValues("x-ms-continuation-token").Single();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Webhooks}/instances?instanceIdPrefix={prefix}&runtimeStatus=Completed&top=2");
        request.Headers.Add("x-ms-continuation-token", token);
        using var second = await Http.SendAsync(request, Ct);
        var running = await GetJsonAsync($"{Webhooks}/instances?instanceIdPrefix={prefix}&runtimeStatus=Running,Pending");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstPage = (await JsonAsync(first)).EnumerateArray().ToList();
        Assert.Equal([$"{prefix}-1", $"{prefix}-2"], firstPage.Select(i => i.GetProperty("instanceId").GetString()));
        Assert.Equal(1, firstPage[0].GetProperty("input").GetInt32());
        Assert.Equal([$"{prefix}-3"], (await JsonAsync(second)).EnumerateArray().Select(i => i.GetProperty("instanceId").GetString()));
        Assert.False(second.Headers.Contains("x-ms-continuation-token"));
        Assert.Equal([$"{prefix}-running"], running.EnumerateArray().Select(i => i.GetProperty("instanceId").GetString()));
    }

    [Theory]
    [InlineData("runtimeStatus=Sleeping", "unknown status 'Sleeping'")]
    [InlineData("createdTimeFrom=yesterday", "Query parameter 'createdTimeFrom' must be a date and time")]
    [InlineData("top=many", "Query parameter 'top' must be a whole number from 1 to 1000 (got 'many')")]
    [InlineData("top=0", "Query parameter 'top' must be a whole number from 1 to 1000 (got '0')")]
    public async Task ListAnswers400ForABadFilter(string query, string message)
    {
        using var response = await Http.GetAsync($"{Webhooks}/instances?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await MessageAsync(response));
    }

    [Fact]
    public async Task RaiseEventAnswers404ForAnUnknownInstance410ForAFinishedOneAnd400ForBadJson()
    {
        var finished = await StartAsync("Echo", "1");
        (await WaitUntilFinishedAsync(finished)).Dispose();
        var running = await StartAsync("WaitForGo");

        using var unknown = await PostAsync($"{Webhooks}/instances/nobody/raiseEvent/go", "1");
        using var gone = await PostAsync($"{Webhooks}/instances/{finished}/raiseEvent/go", "1");
        using var badJson = await PostAsync($"{Webhooks}/instances/{running}/raiseEvent/go", "[1,");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("has already finished (Completed)", await MessageAsync(gone));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
    }

    [Fact]
    public async Task SuspendResumeAndTerminateAnswer202ThenTheInstanceFollows()
    {
        var id = await StartAsync("WaitForGo");
        await WaitForStatusAsync(id, "Running");

        using var suspended = await PostAsync($"{Webhooks}/instances/{id}/suspend?reason=pause", "");
        await WaitForStatusAsync(id, "Suspended");
        using var resumed = await PostAsync($"{Webhooks}/instances/{id}/resume?reason=carry%20on", "");
        await WaitForStatusAsync(id, "Running");
        using var terminated = await PostAsync($"{Webhooks}/instances/{id}/terminate?reason=enough", "");
        using var finished = await WaitUntilFinishedAsync(id);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted],
            [suspended.StatusCode, resumed.StatusCode, terminated.StatusCode]);
        var body = await JsonAsync(finished);
        Assert.Equal(("Terminated", "enough"), (body.GetProperty("runtimeStatus").GetString(), body.GetProperty("output").GetString()));
    }

    [Theory]
    [InlineData("terminate")]
    [InlineData("suspend")]
    [InlineData("resume")]
    public async Task ControlOperationsAnswer404ForAnUnknownInstanceAnd410ForAFinishedOne(string operation)
    {
        var finished = await StartAsync("Echo", "1");
        (await WaitUntilFinishedAsync(finished)).Dispose();

        using var unknown = await PostAsync($"{Webhooks}/instances/nobody/{operation}", "");
        using var gone = await PostAsync($"{Webhooks}/instances/{finished}/{operation}?reason=late", "");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
    }

    [Fact]
    public async Task RestartAnswers202WithTheNewInstancesLinks409ForARunningIdAnd404ForAnUnknownOne()
    {
        var finished = await StartAsync("Echo", "\"again\"");
        (await WaitUntilFinishedAsync(finished)).Dispose();
        var running = await StartAsync("WaitForGo");

        using var restarted = await PostAsync($"{Webhooks}/instances/{finished}/restart", "");
        using var sameIdRunning = await PostAsync($"{Webhooks}/instances/{running}/restart?restartWithNewInstanceId=false", "");
        using var unknown = await PostAsync($"{Webhooks}/instances/nobody/restart", "");

        Assert.Equal(HttpStatusCode.Accepted, restarted.StatusCode);
        var newId = (await JsonAsync(restarted)).GetProperty("id").GetString()!;
        Assert.NotEqual(finished, newId);
        Assert.EndsWith($"/instances/{newId}", restarted.Headers.Location!.ToString());
        Assert.Equal("again", (await JsonAsync(await WaitUntilFinishedAsync(newId))).GetProperty("output").GetString());
        Assert.Equal(HttpStatusCode.Conflict, sameIdRunning.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task PurgeAnswers200WithTheCount412WhileRunningAnd404Afterwards()
    {
        var finished = await StartAsync("Echo", "1");
        (await WaitUntilFinishedAsync(finished)).Dispose();
        var running = await StartAsync("WaitForGo");

        using var notYet = await Http.DeleteAsync($"{Webhooks}/instances/{running}", Ct);
        using var purged = await Http.DeleteAsync($"{Webhooks}/instances/{finished}", Ct);
        using var again = await Http.DeleteAsync($"{Webhooks}/instances/{finished}", Ct);

        Assert.Equal(HttpStatusCode.PreconditionFailed, notYet.StatusCode);
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(1, (await JsonAsync(purged)).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task PurgeByTimeRangeAnswers200WithTheCountAnd400WithoutAStart()
    {
        var from = DateTime.UtcNow.AddSeconds(-1).ToString("yyyy-MM-ddTHH:mm:ssZ");
        foreach (var n in new[] { 1, 2 })
        {
            (await WaitUntilFinishedAsync(await StartAsync("Echo", $"{n}"))).Dispose();
        }

        await StartAsync("WaitForGo");

        using var noStart = await Http.DeleteAsync($"{Webhooks}/instances?runtimeStatus=Completed", Ct);
        using var purged = await Http.DeleteAsync($"{Webhooks}/instances?createdTimeFrom={from}&runtimeStatus=Completed,Running", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, noStart.StatusCode);
        Assert.Equal("Query parameter 'createdTimeFrom' is required to purge instances by time range.", await MessageAsync(noStart));
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(2, (await JsonAsync(purged)).GetProperty("instancesDeleted").GetInt32());
    }

    private async Task<string> StartAsync(string orchestrator, string body = "", string? instanceId = null)
    {
        using var response = await PostAsync($"{Webhooks}/orchestrators/{orchestrator}/{instanceId}", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Ct);

    private async Task<HttpResponseMessage> WaitUntilFinishedAsync(string id)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var response = await Http.GetAsync($"{Webhooks}/instances/{id}", Ct);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(50, Ct);
        }

        throw new TimeoutException($"instance {id} did not finish");
    }

    private Task WaitForStatusAsync(string id, string status) => Eventually.TrueAsync(
        async () => (await GetJsonAsync($"{Webhooks}/instances/{id}")).GetProperty("runtimeStatus").GetString() == status,
        $"instance {id} is {status}");

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path, Ct);
        return await JsonAsync(response);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();

    private static async Task<string> MessageAsync(HttpResponseMessage response) =>
        (await JsonAsync(response)).GetProperty("error").GetString()!;

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")]
    private static partial Regex UtcSeconds();
}

public sealed class PostgresManagementApiTests : ManagementApiTests
{
    protected override async Task<Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>> AddDurableAsync()
    {
        var connectionString = await Lumina.Testing.TestPostgres.CreateDatabaseAsync("httpapi");
        return services =>
        {
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, _ => Npgsql.NpgsqlDataSource.Create(connectionString));
            Lumina.Durable.Hosting.DurableTaskServiceCollectionExtensions.AddLuminaDurableTask(services, o => o.TaskHub = "http")
                .UsePostgres(o => (o.MinPollingInterval, o.MaxPollingInterval) = (TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(200)))
                .AddTasks(ManagementApiOrchestrators.Tasks());
        };
    }
}

public sealed class AzureStorageManagementApiTests : ManagementApiTests
{
    protected override async Task<Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>> AddDurableAsync()
    {
        var connection = await Lumina.Testing.TestAzurite.StorageConnectionStringAsync();
        return services => Lumina.Durable.Hosting.DurableTaskServiceCollectionExtensions.AddLuminaDurableTask(services, o => o.TaskHub = "http")
            .UseAzureStorage(o => o.ConnectionString = connection)
            .AddTasks(ManagementApiOrchestrators.Tasks());
    }
}

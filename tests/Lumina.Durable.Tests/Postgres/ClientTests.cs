using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using DurableTask.Core.Serializing;

namespace Lumina.Durable.Tests.Postgres;

/// <summary>The client interfaces: create and its dedupe statuses, scheduled starts, history, query with paging, purge, large payloads.</summary>
public sealed class ClientTests(ProviderDatabase database) : IClassFixture<ProviderDatabase>, IAsyncLifetime
{
    private ProviderHost _host = null!;

    private TaskHubClient Client => _host.Client;

    public async ValueTask InitializeAsync() =>
        _host = await ProviderHost.StartAsync(database.ConnectionString, ProviderDatabase.NewTaskHub(), worker => worker
            .AddTaskOrchestrations(typeof(Sequence), typeof(WaitForApproval), typeof(Echo))
            .AddTaskActivities(typeof(AddOne), typeof(Reverse)));

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task CreatingAnExistingIdHonoursTheDedupeStatuses()
    {
        var first = await Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), "dedupe", "one");
        await Eventually.TrueAsync(async () => (await Client.GetOrchestrationStateAsync(first))?.OrchestrationStatus == OrchestrationStatus.Running,
            "the first instance runs");

        var refused = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => Client.CreateOrchestrationInstanceAsync(
            typeof(WaitForApproval), "dedupe", "two", [OrchestrationStatus.Running, OrchestrationStatus.Pending]));
        Assert.Contains("Running", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => _host.Service.CreateTaskOrchestrationAsync(StartMessage("dedupe")));

        var replacement = await Client.CreateOrchestrationInstanceAsync(typeof(Sequence), "dedupe", 1, [OrchestrationStatus.Completed]);
        var done = await _host.WaitAsync(replacement);
        Assert.Equal(6, ProviderHost.Output<int>(done));
        Assert.Equal(replacement.ExecutionId, done.OrchestrationInstance.ExecutionId);
        Assert.Null(await Client.GetOrchestrationStateAsync("dedupe", first.ExecutionId));
    }

    [Fact]
    public async Task AScheduledStartWaitsForItsTime()
    {
        var startAt = DateTime.UtcNow.AddSeconds(2);
        var instance = await Client.CreateScheduledOrchestrationInstanceAsync(typeof(Sequence), "later", 0, startAt);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal(OrchestrationStatus.Pending, (await Client.GetOrchestrationStateAsync(instance))?.OrchestrationStatus);

        var done = await _host.WaitAsync(instance);
        Assert.Equal(5, ProviderHost.Output<int>(done));
        Assert.True(done.CompletedTime >= startAt, $"completed at {done.CompletedTime:O}, before {startAt:O}");
    }

    [Fact]
    public async Task HistoryIsDurableTaskCoresJsonOfTheEvents()
    {
        var done = await _host.RunAsync<Sequence>(0);

        var json = await Client.GetOrchestrationHistoryAsync(done.OrchestrationInstance);
        var history = JsonDataConverter.Default.Deserialize<List<HistoryEvent>>(json);
        Assert.IsType<OrchestratorStartedEvent>(history[0]);
        Assert.IsType<ExecutionStartedEvent>(history[1]);
        Assert.Equal(5, history.OfType<TaskScheduledEvent>().Count());
        Assert.Equal(["1", "2", "3", "4", "5"], history.OfType<TaskCompletedEvent>().Select(e => e.Result));
        Assert.Equal("5", history.OfType<ExecutionCompletedEvent>().Single().Result);
    }

    [Fact]
    public async Task QueriesFilterAndPageInCreationOrder()
    {
        for (var i = 0; i < 7; i++)
        {
            await _host.RunAsync<Sequence>(i, $"paged-{i}");
        }

        await Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), "paged-running", "x");
        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await _host.Service.GetOrchestrationWithQueryAsync(
                new OrchestrationQuery
                {
                    InstanceIdPrefix = "paged-", RuntimeStatus = [OrchestrationStatus.Completed], PageSize = 3, ContinuationToken = token,
                    FetchInputsAndOutputs = false,
                },
                TestContext.Current.CancellationToken);
            seen.AddRange(page.OrchestrationState.Select(s => s.OrchestrationInstance.InstanceId));
            Assert.All(page.OrchestrationState, s => Assert.Null(s.Input));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"paged-{i}"), seen);
        Assert.Equal(3, pages);
        var withInputs = await _host.Service.GetOrchestrationWithQueryAsync(
            new OrchestrationQuery { InstanceIdPrefix = "paged-running", FetchInputsAndOutputs = true }, TestContext.Current.CancellationToken);
        Assert.Equal("\"x\"", Assert.Single(withInputs.OrchestrationState).Input);
        var later = await _host.Service.GetOrchestrationWithQueryAsync(
            new OrchestrationQuery { CreatedTimeFrom = DateTime.UtcNow.AddMinutes(1) }, TestContext.Current.CancellationToken);
        Assert.Empty(later.OrchestrationState);
        var otherHub = await _host.Service.GetOrchestrationWithQueryAsync(
            new OrchestrationQuery { TaskHubNames = ["another-hub"] }, TestContext.Current.CancellationToken);
        Assert.Empty(otherHub.OrchestrationState);
    }

    [Fact]
    public async Task PurgeDeletesFinishedInstancesAndEverythingTheyLeft()
    {
        var done = await _host.RunAsync<Sequence>(0, "purged-1");
        await _host.RunAsync<Sequence>(0, "purged-2");
        var running = await Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), "purged-running", "x");
        await Eventually.TrueAsync(async () => (await Client.GetOrchestrationStateAsync(running))?.OrchestrationStatus == OrchestrationStatus.Running,
            "the instance runs");

        Assert.Equal(0, (await _host.Service.PurgeInstanceStateAsync("purged-running")).DeletedInstanceCount);
        Assert.Equal(1, (await _host.Service.PurgeInstanceStateAsync("purged-1")).DeletedInstanceCount);
        Assert.Equal(0, (await _host.Service.PurgeInstanceStateAsync("purged-1")).DeletedInstanceCount);
        Assert.Null(await Client.GetOrchestrationStateAsync("purged-1"));
        Assert.Equal(0L, await RowsOf("purged-1"));

        var byFilter = await _host.Service.PurgeInstanceStateAsync(new PurgeInstanceFilter(done.CreatedTime.AddMinutes(-1), null, null));
        Assert.Equal(1, byFilter.DeletedInstanceCount);
        Assert.Equal(0L, await RowsOf("purged-2"));
        Assert.Equal(OrchestrationStatus.Running, (await Client.GetOrchestrationStateAsync(running))?.OrchestrationStatus);
    }

    [Fact]
    public async Task LargeInputsAndResultsGoThroughThePayloadsTable()
    {
        var input = string.Concat(Enumerable.Range(0, 20_000).Select(i => (char)('a' + (i % 26))));

        var done = await _host.RunAsync<Echo>(input, "large");

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal(new string(input.Reverse().ToArray()) + "!", ProviderHost.Output<string>(done));
        Assert.True(await TestSql.ScalarAsync<long>(database.ConnectionString,
            "SELECT count(*) FROM durabletask.payloads WHERE task_hub = $1 AND instance_id = 'large'", _host.TaskHub) >= 3,
            "the input, the activity result and the output each have a payload row");
        Assert.Equal(0L, await TestSql.ScalarAsync<long>(database.ConnectionString, """
            SELECT count(*) FROM durabletask.history WHERE task_hub = $1 AND instance_id = 'large' AND length(data) > 8000
            """, _host.TaskHub));
        var history = JsonDataConverter.Default.Deserialize<List<HistoryEvent>>(await Client.GetOrchestrationHistoryAsync(done.OrchestrationInstance));
        Assert.Equal(input, history.OfType<ExecutionStartedEvent>().Single().Input.Trim('"'));

        Assert.Equal(1, (await _host.Service.PurgeInstanceStateAsync("large")).DeletedInstanceCount);
        Assert.Equal(0L, await RowsOf("large"));
    }

    private static TaskMessage StartMessage(string instanceId)
    {
        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        return new TaskMessage
        {
            OrchestrationInstance = instance,
            Event = new ExecutionStartedEvent(-1, null) { Name = typeof(Sequence).FullName, Version = "", OrchestrationInstance = instance },
        };
    }

    private Task<long> RowsOf(string instanceId) => TestSql.ScalarAsync<long>(database.ConnectionString, """
        SELECT (SELECT count(*) FROM durabletask.instances WHERE task_hub = $1 AND instance_id = $2)
             + (SELECT count(*) FROM durabletask.history WHERE task_hub = $1 AND instance_id = $2)
             + (SELECT count(*) FROM durabletask.new_events WHERE task_hub = $1 AND instance_id = $2)
             + (SELECT count(*) FROM durabletask.new_tasks WHERE task_hub = $1 AND instance_id = $2)
             + (SELECT count(*) FROM durabletask.payloads WHERE task_hub = $1 AND instance_id = $2)
        """, _host.TaskHub, instanceId);
}

using Lumina.Durable.Hosting;
using System.Diagnostics;
using Lumina.Durable.Client;
using Lumina.Durable.History;

namespace Lumina.Durable.Tests;

public sealed class ClientTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DurableTestHost _host = null!;

    private IDurableClient Client => _host.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _host = await DurableTestHost.StartAsync(await DurableTestHost.CreateDatabaseAsync("client"), durable => durable
            .AddOrchestrator<object?, int>("WaitForGo", (context, _) => context.WaitForExternalEvent<int>("go"))
            .AddOrchestrator<string, string>("Echo", (_, input) => Task.FromResult(input))
            .AddOrchestrator<object?, int>("CallHeld", (context, _) => context.CallActivityAsync<int>("Held", null))
            .AddActivity<object?, int>("Held", async (_, _) =>
            {
                await _release.Task;
                return 7;
            }));

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task AChosenInstanceIdIsNotStartedTwiceWhileItRunsButCanBeReusedAfterwards()
    {
        var id = $"order-{Guid.NewGuid():N}";
        await _host.StartAsync("WaitForGo", instanceId: id);

        await Assert.ThrowsAsync<InstanceAlreadyExistsException>(() => _host.StartAsync("Echo", "twice", id));
        await Client.RaiseEventAsync(id, "go", 1, Ct);
        var first = await _host.WaitAsync(id);
        var second = await _host.RunAsync("Echo", "again", id);

        Assert.Equal(1, first.ReadOutputAs<int>());
        Assert.Equal(("Echo", "again"), (second.Name, second.ReadOutputAs<string>()));
        Assert.DoesNotContain(await _host.HistoryAsync(id), e => e.EventType == HistoryEventType.EventRaised);
    }

    [Fact]
    public async Task PendingWorkCountsARunningActivityButNotAStartScheduledForLater()
    {
        await Client.ScheduleNewOrchestrationInstanceAsync("Echo", "later", new StartOrchestrationOptions(StartAt: DateTime.UtcNow.AddHours(1)), Ct);
        var idle = await Client.GetPendingWorkAsync(Ct);
        var id = await _host.StartAsync("CallHeld");

        PendingWork busy = null!;
        await Eventually.TrueAsync(async () => (busy = await Client.GetPendingWorkAsync(Ct)).HeldTasks == 1, "a worker claims the activity");
        _release.SetResult();
        await _host.WaitAsync(id);
        var after = await Client.GetPendingWorkAsync(Ct);

        Assert.True(idle.IsIdle, idle.ToString());
        Assert.Equal(new PendingWork(0, 0, 1), busy);
        Assert.False(busy.IsIdle);
        Assert.True(after.IsIdle, after.ToString());
    }

    [Fact]
    public async Task ADelayedStartStaysPendingUntilItsTime()
    {
        var watch = Stopwatch.StartNew();
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(
            "Echo", "late", new StartOrchestrationOptions(StartAt: DateTime.UtcNow.AddSeconds(1.5)), Ct);

        await Task.Delay(500, Ct);
        var early = await Client.GetInstanceAsync(id, cancellationToken: Ct);
        var done = await _host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, early!.RuntimeStatus);
        Assert.Equal("late", done.ReadOutputAs<string>());
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.4), $"completed after {watch.Elapsed}");
    }

    [Fact]
    public async Task TheStatusComesWithOrWithoutInputAndHistory()
    {
        var id = (await _host.RunAsync("Echo", "hi")).InstanceId;

        var bare = await Client.GetInstanceAsync(id, cancellationToken: Ct);
        var full = await Client.GetInstanceAsync(id, includeInput: true, includeHistory: true, Ct);

        Assert.Equal((null, null, "\"hi\""), (bare!.SerializedInput, bare.History, bare.SerializedOutput));
        Assert.Equal("\"hi\"", full!.SerializedInput);
        Assert.Equal(
            [HistoryEventType.OrchestratorStarted, HistoryEventType.ExecutionStarted, HistoryEventType.ExecutionCompleted, HistoryEventType.OrchestratorCompleted],
            full.History!.Select(e => e.EventType));
    }

    [Fact]
    public async Task OperationsOnAnUnknownInstanceSayItDoesNotExist()
    {
        const string id = "no-such-instance";

        Assert.Null(await Client.GetInstanceAsync(id, cancellationToken: Ct));
        var errors = new[]
        {
            await Assert.ThrowsAsync<InstanceNotFoundException>(() => Client.RaiseEventAsync(id, "go", 1, Ct)),
            await Assert.ThrowsAsync<InstanceNotFoundException>(() => Client.TerminateInstanceAsync(id, null, Ct)),
            await Assert.ThrowsAsync<InstanceNotFoundException>(() => Client.SuspendInstanceAsync(id, null, Ct)),
            await Assert.ThrowsAsync<InstanceNotFoundException>(() => Client.ResumeInstanceAsync(id, null, Ct)),
            await Assert.ThrowsAsync<InstanceNotFoundException>(() => Client.RestartInstanceAsync(id, true, Ct)),
            await Assert.ThrowsAsync<InstanceNotFoundException>(() => Client.PurgeInstanceAsync(id, Ct)),
            await Assert.ThrowsAsync<InstanceNotFoundException>(() => Client.WaitForInstanceCompletionAsync(id, false, Ct)),
        };
        Assert.All(errors, e => Assert.Equal("No orchestration instance 'no-such-instance' exists in task hub 'test'.", e.Message));
    }

    [Fact]
    public async Task AFinishedInstanceTakesNoMoreEvents()
    {
        var id = (await _host.RunAsync("Echo", "x")).InstanceId;

        var error = await Assert.ThrowsAsync<InstanceFinishedException>(() => Client.RaiseEventAsync(id, "late", 1, Ct));

        Assert.Equal($"Orchestration instance '{id}' has already finished (Completed), so it cannot take event 'late'.", error.Message);
    }

    [Fact]
    public async Task QueriesFilterByStatusCreationTimeAndPrefixAndComeInPages()
    {
        var prefix = $"q{Guid.NewGuid():N}-";
        var before = DateTime.UtcNow.AddMilliseconds(-100);
        for (var i = 0; i < 5; i++)
        {
            await _host.RunAsync("Echo", $"{i}", $"{prefix}done-{i}");
        }

        var running = new[] { $"{prefix}run-0", $"{prefix}run-1" };
        foreach (var id in running)
        {
            await _host.StartAsync("WaitForGo", instanceId: id);
        }

        var pages = await AllPagesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Completed], PageSize = 2 });
        var active = await Client.QueryInstancesAsync(new OrchestrationQuery
        {
            InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running],
        }, Ct);
        var third = (await Client.GetInstanceAsync($"{prefix}done-3", cancellationToken: Ct))!;
        var fromThird = await Client.QueryInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, CreatedFrom = third.CreatedAt }, Ct);
        var beforeAll = await Client.QueryInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, CreatedTo = before }, Ct);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}done-{i}"), pages.SelectMany(p => p).Select(i => i.InstanceId));
        Assert.Equal(running, active.Instances.Select(i => i.InstanceId));
        Assert.Equal([$"{prefix}done-3", $"{prefix}done-4", .. running], fromThird.Instances.Select(i => i.InstanceId));
        Assert.Empty(beforeAll.Instances);
        Assert.All(pages.SelectMany(p => p), i => Assert.Null(i.SerializedInput));
    }

    [Fact]
    public async Task AQueryWithAForeignContinuationTokenOrAnImpossiblePageSizeIsRefused()
    {
        var badToken = await Assert.ThrowsAsync<ArgumentException>(() =>
            Client.QueryInstancesAsync(new OrchestrationQuery { ContinuationToken = "bogus!" }, Ct));
        var badSize = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Client.QueryInstancesAsync(new OrchestrationQuery { PageSize = 5000 }, Ct));

        Assert.Contains("'bogus!' is not a continuation token", badToken.Message);
        Assert.StartsWith("OrchestrationQuery.PageSize must be 1 to 1000.", badSize.Message);
    }

    [Fact]
    public async Task PurgeDeletesAFinishedInstanceWithItsHistoryButNotARunningOne()
    {
        var running = await _host.StartAsync("WaitForGo");
        var finished = (await _host.RunAsync("Echo", "gone")).InstanceId;

        await Assert.ThrowsAsync<InstanceNotFinishedException>(() => Client.PurgeInstanceAsync(running, Ct));
        await Client.PurgeInstanceAsync(finished, Ct);

        Assert.Null(await Client.GetInstanceAsync(finished, cancellationToken: Ct));
        Assert.Equal(0L, await TestSql.ScalarAsync<long>(_host.ConnectionString, "SELECT count(*) FROM durable.history WHERE instance_id = $1", finished));
        Assert.NotNull(await Client.GetInstanceAsync(running, cancellationToken: Ct));
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => Client.PurgeInstanceAsync(finished, Ct));
    }

    [Fact]
    public async Task PurgeByTimeRangeDeletesTheMatchingFinishedInstances()
    {
        var from = DateTime.UtcNow.AddMilliseconds(-100);
        var completed = new[] { (await _host.RunAsync("Echo", "a")).InstanceId, (await _host.RunAsync("Echo", "b")).InstanceId };
        var terminated = await _host.StartAsync("WaitForGo");
        await Client.TerminateInstanceAsync(terminated, null, Ct);
        await _host.WaitAsync(terminated);
        var running = await _host.StartAsync("WaitForGo");

        var completedPurged = await Client.PurgeInstancesAsync(from, null, [OrchestrationRuntimeStatus.Completed], Ct);
        var restPurged = await Client.PurgeInstancesAsync(from, DateTime.UtcNow.AddSeconds(1), null, Ct);

        Assert.Equal((2, 1), (completedPurged, restPurged));
        foreach (var id in completed.Append(terminated))
        {
            Assert.Null(await Client.GetInstanceAsync(id, cancellationToken: Ct));
        }

        Assert.NotNull(await Client.GetInstanceAsync(running, cancellationToken: Ct));
    }

    [Fact]
    public async Task RestartRunsTheSameOrchestratorWithTheSameInputUnderANewOrTheSameId()
    {
        var original = (await _host.RunAsync("Echo", "payload")).InstanceId;
        var busy = await _host.StartAsync("WaitForGo");

        var newId = await Client.RestartInstanceAsync(original, restartWithNewInstanceId: true, Ct);
        var renewed = await _host.WaitAsync(newId);
        var sameId = await Client.RestartInstanceAsync(original, restartWithNewInstanceId: false, Ct);
        var rerun = await _host.WaitAsync(sameId);

        Assert.NotEqual(original, newId);
        Assert.Equal(("Echo", "payload"), (renewed.Name, renewed.ReadOutputAs<string>()));
        Assert.Equal((original, "payload"), (sameId, rerun.ReadOutputAs<string>()));
        await Assert.ThrowsAsync<InstanceAlreadyExistsException>(() => Client.RestartInstanceAsync(busy, restartWithNewInstanceId: false, Ct));
    }

    [Fact]
    public async Task WaitingForCompletionStopsWhenCancelled()
    {
        var id = await _host.StartAsync("WaitForGo");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(300);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.WaitForInstanceCompletionAsync(id, false, cancel.Token));
    }

    private async Task<List<IReadOnlyList<OrchestrationMetadata>>> AllPagesAsync(OrchestrationQuery query)
    {
        var pages = new List<IReadOnlyList<OrchestrationMetadata>>();
        string? token = null;
        do
        {
            var page = await Client.QueryInstancesAsync(query with { ContinuationToken = token }, Ct);
            pages.Add(page.Instances);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return pages;
    }
}

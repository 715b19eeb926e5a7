using DurableTask.Core;

namespace Lumina.Durable.Tests.Postgres;

/// <summary>Durable timers, external events, custom status, suspend/resume, terminate, retries, failures, continue-as-new; with extended sessions (the default).</summary>
public sealed class LifecycleTests(ProviderDatabase database) : LifecycleTestsBase(database, sessions: true), IClassFixture<ProviderDatabase>;

/// <summary>The same without extended sessions: each episode claims the instance and replays its history.</summary>
public sealed class LifecycleWithoutSessionsTests(ProviderDatabase database) : LifecycleTestsBase(database, sessions: false), IClassFixture<ProviderDatabase>;

public abstract class LifecycleTestsBase(ProviderDatabase database, bool sessions) : IAsyncLifetime
{
    private ProviderHost _host = null!;

    private TaskHubClient Client => _host.Client;

    public async ValueTask InitializeAsync() =>
        _host = await ProviderHost.StartAsync(database.ConnectionString, ProviderDatabase.NewTaskHub(), worker => worker
            .AddTaskOrchestrations(typeof(Sleeper), typeof(WaitForApproval), typeof(RetryingCaller), typeof(CatchesFailure), typeof(CountToThree))
            .AddTaskActivities(typeof(FailsTwice), typeof(Throws), typeof(AddOne)),
            s => s.ExtendedSessionIdleTimeout = sessions ? s.ExtendedSessionIdleTimeout : TimeSpan.Zero);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task ADurableTimerFiresAfterItsTime()
    {
        var done = await _host.RunAsync<Sleeper>(2.0);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        var times = ProviderHost.Output<DateTime[]>(done);
        Assert.InRange((times[1] - times[0]).TotalSeconds, 2.0, 8.0);
    }

    [Fact]
    public async Task AnExternalEventResumesTheOrchestrationAndCustomStatusTracksIt()
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), "order-7");
        await Eventually.TrueAsync(async () => (await Client.GetOrchestrationStateAsync(instance))?.Status == "\"waiting for approval\"",
            "the orchestration says what it waits for");

        await Client.RaiseEventAsync(instance, "approval", "alice");
        var done = await _host.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal("order-7 approved by alice", ProviderHost.Output<string>(done));
        Assert.Equal("\"approved by alice\"", done.Status);
    }

    [Fact]
    public async Task ASuspendedInstanceHoldsItsEventsUntilResumed()
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), "order-8");
        await Eventually.TrueAsync(async () => (await Client.GetOrchestrationStateAsync(instance))?.OrchestrationStatus == OrchestrationStatus.Running,
            "the orchestration runs");

        await Client.SuspendInstanceAsync(instance, "hold on");
        await Eventually.TrueAsync(async () => (await Client.GetOrchestrationStateAsync(instance))?.OrchestrationStatus == OrchestrationStatus.Suspended,
            "the orchestration is suspended");
        await Client.RaiseEventAsync(instance, "approval", "bob");
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Assert.Equal(OrchestrationStatus.Suspended, (await Client.GetOrchestrationStateAsync(instance))?.OrchestrationStatus);

        await Client.ResumeInstanceAsync(instance, "go on");
        var done = await _host.WaitAsync(instance);
        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal("order-8 approved by bob", ProviderHost.Output<string>(done));
    }

    [Fact]
    public async Task ATerminatedInstanceEndsWithTheReason()
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), "order-9");
        await Eventually.TrueAsync(async () => (await Client.GetOrchestrationStateAsync(instance))?.OrchestrationStatus == OrchestrationStatus.Running,
            "the orchestration runs");

        await Client.TerminateInstanceAsync(instance, "no longer needed");
        var done = await _host.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Terminated, done.OrchestrationStatus);
        Assert.Equal("no longer needed", done.Output);
    }

    [Fact]
    public async Task AFailingActivityIsRetriedByItsPolicy()
    {
        var key = Guid.NewGuid().ToString("N");
        var done = await _host.RunAsync<RetryingCaller>(key);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal("succeeded on attempt 3", ProviderHost.Output<string>(done));
        Assert.Equal(3, FailsTwice.Calls[key]);
    }

    [Fact]
    public async Task AnActivityExceptionReachesTheOrchestrator()
    {
        var done = await _host.RunAsync<CatchesFailure>("x");

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal("caught: boom: x", ProviderHost.Output<string>(done));
    }

    [Fact]
    public async Task ContinueAsNewStartsAFreshExecutionWithOnlyItsOwnHistory()
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(typeof(CountToThree), "counter", 0);
        var done = await _host.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal(3, ProviderHost.Output<int>(done));
        Assert.NotEqual(instance.ExecutionId, done.OrchestrationInstance.ExecutionId);
        Assert.Equal("2", done.Input);
        var history = await Client.GetOrchestrationHistoryAsync(done.OrchestrationInstance);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(history, "ExecutionStartedEvent"));
        Assert.Equal(1, await TestSql.ScalarAsync<long>(database.ConnectionString,
            "SELECT count(DISTINCT execution_id) FROM durabletask.history WHERE task_hub = $1 AND instance_id = 'counter'", _host.TaskHub));
    }
}

using DurableTask.Core;

namespace Lumina.Durable.Tests.Postgres;

/// <summary>Activities in sequence and in parallel, sub-orchestrations, on DurableTask.Core's worker and client; with extended sessions (the default).</summary>
public sealed class OrchestrationTests(ProviderDatabase database) : OrchestrationTestsBase(database, sessions: true), IClassFixture<ProviderDatabase>;

/// <summary>The same without extended sessions: each episode claims the instance and replays its history.</summary>
public sealed class OrchestrationWithoutSessionsTests(ProviderDatabase database) : OrchestrationTestsBase(database, sessions: false), IClassFixture<ProviderDatabase>;

public abstract class OrchestrationTestsBase(ProviderDatabase database, bool sessions) : IAsyncLifetime
{
    private ProviderHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await ProviderHost.StartAsync(database.ConnectionString, ProviderDatabase.NewTaskHub(), worker => worker
            .AddTaskOrchestrations(typeof(Sequence), typeof(FanOut), typeof(Parent), typeof(ParentOfNamedChild), typeof(WaitForApproval))
            .AddTaskActivities(typeof(AddOne), typeof(Square)),
            s => s.ExtendedSessionIdleTimeout = sessions ? s.ExtendedSessionIdleTimeout : TimeSpan.Zero);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task ASequenceOfActivitiesRunsInOrder()
    {
        var done = await _host.RunAsync<Sequence>(10);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal(15, ProviderHost.Output<int>(done));
    }

    [Fact]
    public async Task AFanOutOfActivitiesIsGatheredAgain()
    {
        var done = await _host.RunAsync<FanOut>(200);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal(Enumerable.Range(1, 200).Sum(i => (long)i * i), ProviderHost.Output<long>(done));
    }

    [Fact]
    public async Task SubOrchestrationsRunAndReportToTheirParent()
    {
        var done = await _host.RunAsync<Parent>(1, "parent-1");

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal(6 + 15, ProviderHost.Output<int>(done));
        var child = (await _host.Client.GetOrchestrationStateAsync("parent-1:b"))!;
        Assert.Equal(OrchestrationStatus.Completed, child.OrchestrationStatus);
        Assert.Equal("parent-1", child.ParentInstance?.OrchestrationInstance.InstanceId);
    }

    [Fact]
    public async Task ASubOrchestrationWhoseIdIsTakenByARunningInstanceFailsTheCall()
    {
        var busy = await _host.Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), "taken-child", "x");
        await Eventually.TrueAsync(
            async () => (await _host.Client.GetOrchestrationStateAsync(busy))?.OrchestrationStatus == OrchestrationStatus.Running,
            "the child-to-be runs");

        var done = await _host.RunAsync<ParentOfNamedChild>("taken-child");

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.StartsWith("child failed:", ProviderHost.Output<string>(done), StringComparison.Ordinal);
        Assert.Equal(OrchestrationStatus.Running, (await _host.Client.GetOrchestrationStateAsync(busy))?.OrchestrationStatus);
    }
}

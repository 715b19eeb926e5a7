using System.Collections.Concurrent;
using Lumina.Durable.History;
using Lumina.Durable.Storage;
using Lumina.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lumina.Durable.Tests;

/// <summary>The task hub's guarantees: locks, takeovers, duplicates, poison work, renewals, shutdown, shared databases.</summary>
public sealed class TaskHubTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _runs = new();
    private string _connectionString = null!;
    private NpgsqlDataSource _dataSource = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _connectionString = await DurableTestHost.CreateDatabaseAsync("taskhub");
        _dataSource = NpgsqlDataSource.Create(_connectionString);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    [Fact]
    public async Task AnExpiredActivityLockLetsAnotherWorkerTakeTheTaskAndOnlyOneResultIsApplied()
    {
        const string hub = "takeover";
        await using var orchestrations = await StartHostAsync(hub, activities: false);
        var id = await orchestrations.StartAsync("OneActivity");
        await WaitForQueuedTaskAsync(hub);
        var workerA = Activities(hub, TimeSpan.FromSeconds(1.5));
        var workerB = Activities(hub, TimeSpan.FromSeconds(1.5));

        var claimedByA = Assert.Single(await workerA.ClaimAsync("A", 10, Ct));
        var whileLocked = await workerB.ClaimAsync("B", 10, Ct);
        await Task.Delay(1700, Ct);
        var claimedByB = Assert.Single(await workerB.ClaimAsync("B", 10, Ct));
        var fromA = await workerA.CompleteAsync([new TaskOutcome(claimedByA.Seq, true, "\"from A\"")], Ct);
        var fromB = await workerB.CompleteAsync([new TaskOutcome(claimedByB.Seq, true, "\"from B\"")], Ct);
        var done = await orchestrations.WaitAsync(id);

        Assert.Empty(whileLocked);
        Assert.Equal((claimedByA.Seq, 2), (claimedByB.Seq, claimedByB.DequeueCount));
        Assert.Equal((1, 0), (fromA.Applied, fromB.Applied));
        Assert.Equal("from A", done.ReadOutputAs<string>());
        Assert.Single(await orchestrations.HistoryAsync(id), e => e.EventType == HistoryEventType.TaskCompleted);
    }

    [Fact]
    public async Task ASecondCheckpointOfTheSameEpisodeIsDroppedByItsHistoryVersion()
    {
        const string hub = "duplicates";
        await using var client = await StartHostAsync(hub, orchestrations: false, activities: false);
        var id = await client.StartAsync("OneActivity");
        var workerA = Orchestrations(hub, TimeSpan.FromMilliseconds(300));
        var workerB = Orchestrations(hub, TimeSpan.FromMilliseconds(300));

        var claimA = (await workerA.ClaimAsync("A", Ct))!;
        await Task.Delay(400, Ct);
        var claimB = (await workerB.ClaimAsync("B", Ct))!;
        var (appliedB, _) = await workerB.CheckpointAsync(StartedEpisode(claimB), "B", claimNext: false, Ct);
        var (appliedA, _) = await workerA.CheckpointAsync(StartedEpisode(claimA), "A", claimNext: false, Ct);

        Assert.Equal((id, id), (claimA.InstanceId, claimB.InstanceId));
        Assert.Equal((true, false), (appliedB, appliedA));
        Assert.Equal(3, (await client.HistoryAsync(id)).Count);
    }

    [Fact]
    public async Task AnActivityDequeuedTooOftenFailsVisiblyAsPoison()
    {
        const string hub = "poisontask";
        await using var orchestrations = await StartHostAsync(hub, activities: false);
        var id = await orchestrations.StartAsync("OneActivity");
        await WaitForQueuedTaskAsync(hub);
        var crashing = Activities(hub, TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 3; i++)
        {
            Assert.Single(await crashing.ClaimAsync("crashing", 10, Ct));
            await Task.Delay(10, Ct);
        }

        await using var activities = await StartHostAsync(hub, orchestrations: false);
        var done = await orchestrations.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("PoisonActivity: Activity 'Work' was dequeued 4 times without a result (more than MaxDequeueCount = 2)",
            done.FailureDetails!.ErrorMessage);
        Assert.False(_runs.ContainsKey(id));
    }

    [Fact]
    public async Task AnOrchestrationClaimedTooOftenFailsVisiblyAsPoison()
    {
        const string hub = "poisonepisode";
        await using var client = await StartHostAsync(hub, orchestrations: false, activities: false);
        var id = await client.StartAsync("OneActivity");
        var crashing = Orchestrations(hub, TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await crashing.ClaimAsync("crashing", Ct));
            await Task.Delay(10, Ct);
        }

        await using var worker = await StartHostAsync(hub);
        var done = await worker.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("PoisonOrchestration", done.FailureDetails!.ErrorType);
        Assert.StartsWith($"Instance '{id}' was claimed 4 times without completing an episode", done.FailureDetails.ErrorMessage);
    }

    [Fact]
    public async Task LocksAreRenewedSoALongActivityRunsOnceAmongCompetingWorkers()
    {
        const string hub = "renewal";
        void Short(DurableOptions o) => o.LockTimeout = TimeSpan.FromSeconds(1.5);
        await using var first = await StartHostAsync(hub, configure: Short, activityTime: TimeSpan.FromSeconds(4));
        await using var second = await StartHostAsync(hub, configure: Short, activityTime: TimeSpan.FromSeconds(4));

        var done = await first.RunAsync("OneActivity");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, _runs[done.InstanceId]);
    }

    [Fact]
    public async Task AStoppingWorkerHandsBackTheActivitiesItCannotFinish()
    {
        const string hub = "handback";
        void LongLocks(DurableOptions o) => o.LockTimeout = TimeSpan.FromMinutes(1);
        var stopping = await StartHostAsync(hub, configure: LongLocks, activityTime: Timeout.InfiniteTimeSpan, shutdownTimeout: TimeSpan.FromMilliseconds(300));
        var id = await stopping.StartAsync("OneActivity");
        await Eventually.TrueAsync(() => Task.FromResult(_runs.ContainsKey(id)), "the activity has started");

        await stopping.DisposeAsync();
        var lockOwners = await TestSql.ScalarAsync<long>(_connectionString,
            "SELECT count(*) FROM durable.new_tasks WHERE task_hub = $1 AND (lock_owner IS NOT NULL OR dequeue_count > 0)", hub);
        await using var successor = await StartHostAsync(hub, configure: LongLocks);
        var done = await successor.WaitAsync(id);

        Assert.Equal(0L, lockOwners);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
    }

    [Fact]
    public async Task TaskHubsSharingADatabaseKeepTheirInstancesApart()
    {
        await using var red = await StartHostAsync("red");
        await using var blue = await StartHostAsync("blue");

        var redDone = await red.RunAsync("HubName", instanceId: "same-id");
        var blueDone = await blue.RunAsync("HubName", instanceId: "same-id");
        await red.Client.PurgeInstanceAsync("same-id", Ct);

        Assert.Equal(("red", "blue"), (redDone.ReadOutputAs<string>(), blueDone.ReadOutputAs<string>()));
        Assert.Null(await red.Client.GetInstanceAsync("same-id", cancellationToken: Ct));
        Assert.NotNull(await blue.Client.GetInstanceAsync("same-id", cancellationToken: Ct));
    }

    private Task<DurableTestHost> StartHostAsync(
        string hub, bool orchestrations = true, bool activities = true, Action<DurableOptions>? configure = null,
        TimeSpan? activityTime = null, TimeSpan? shutdownTimeout = null) =>
        DurableTestHost.StartAsync(_connectionString, durable => durable
            .AddOrchestrator<object?, string>("OneActivity", (context, _) => context.CallActivityAsync<string>("Work"))
            .AddOrchestrator<object?, string>("HubName", (context, _) => context.CallActivityAsync<string>("Work"))
            .AddActivity<object?, string>("Work", async (context, _) =>
            {
                _runs.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
                await Task.Delay(activityTime ?? TimeSpan.Zero, context.CancellationToken);
                return hub;
            }),
            o =>
            {
                o.TaskHub = hub;
                o.MaxDequeueCount = 2;
                o.MaxConcurrentOrchestrations = orchestrations ? 2 : 0;
                o.MaxConcurrentActivities = activities ? 4 : 0;
                configure?.Invoke(o);
            },
            shutdownTimeout);

    private ActivityStore Activities(string hub, TimeSpan lockTimeout) => new(Sql(), Hub(hub, lockTimeout));

    private OrchestrationStore Orchestrations(string hub, TimeSpan lockTimeout) => new(Sql(), Hub(hub, lockTimeout));

    private SqlExecutor Sql() => new(_dataSource, NullLogger<SqlExecutor>.Instance);

    private static IOptions<DurableOptions> Hub(string hub, TimeSpan lockTimeout) =>
        Options.Create(new DurableOptions { TaskHub = hub, LockTimeout = lockTimeout });

    private Task WaitForQueuedTaskAsync(string hub) => Eventually.TrueAsync(
        async () => await TestSql.ScalarAsync<long>(_connectionString, "SELECT count(*) FROM durable.new_tasks WHERE task_hub = $1", hub) > 0,
        "the activity task is queued");

    /// <summary>The episode that takes an instance's start and schedules nothing.</summary>
    private static Checkpoint StartedEpisode(ClaimedOrchestration claim)
    {
        var checkpoint = new Checkpoint(claim.InstanceId, claim.ExecutionId, claim.HistoryVersion);
        checkpoint.Consumed.AddRange(claim.Events.Select(e => e.Seq));
        checkpoint.History.AddRange(
        [
            new HistoryEvent(HistoryEventType.OrchestratorStarted, DateTime.UtcNow),
            new HistoryEvent(HistoryEventType.ExecutionStarted, DateTime.UtcNow),
            new HistoryEvent(HistoryEventType.OrchestratorCompleted, DateTime.UtcNow),
        ]);
        return checkpoint;
    }
}

using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Serializing;

namespace Lumina.Durable.Tests.Postgres;

/// <summary>
/// A worker that stops renewing its locks (hung, or cut off from the database) loses its work to another
/// once the locks expire; what it finishes late is dropped, so nothing is applied twice.
/// </summary>
public sealed class TakeoverTests(ProviderDatabase database) : IClassFixture<ProviderDatabase>
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(14);

    [Fact]
    public async Task AnActivityWhoseLockExpiresIsTakenOverAndTheLateResultIsDropped()
    {
        var hub = ProviderDatabase.NewTaskHub();
        await using var hung = await StartAsync(hub, "hung", activityDelay: Hang, orchestrationDelay: TimeSpan.Zero, renews: false);
        var instance = await hung.Client.CreateOrchestrationInstanceAsync(typeof(CallsWorkerName), "activity-takeover", 0);
        await Eventually.TrueAsync(async () => await LockOwner(hub, "new_tasks") == "hung", "the hung worker holds the activity");

        await using var healthy = await StartAsync(hub, "healthy", TimeSpan.Zero, TimeSpan.Zero, renews: true);
        var done = await healthy.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal("healthy", ProviderHost.Output<string>(done));
        Assert.InRange((done.CompletedTime - done.CreatedTime).TotalSeconds, LockTimeout.TotalSeconds - 1, Hang.TotalSeconds);
        await Eventually.TrueAsync(() => Task.FromResult(hung.Logs.Entries.Any(e => e.Message.Contains("Dropped the result of activity task", StringComparison.Ordinal))),
            "the hung worker's late result is dropped", TimeSpan.FromSeconds(30));
        var history = await HistoryAsync(healthy, done);
        Assert.Single(history.OfType<TaskCompletedEvent>());
    }

    [Fact]
    public async Task AnEpisodeWhoseLockExpiresIsTakenOverAndTheLateCheckpointIsDropped()
    {
        var hub = ProviderDatabase.NewTaskHub();
        await using var hung = await StartAsync(hub, "hung", TimeSpan.Zero, orchestrationDelay: Hang, renews: false);
        var instance = await hung.Client.CreateOrchestrationInstanceAsync(typeof(CallsWorkerName), "episode-takeover", 0);
        await Eventually.TrueAsync(async () => await LockOwner(hub, "instances") == "hung", "the hung worker holds the instance");

        await using var healthy = await StartAsync(hub, "healthy", TimeSpan.Zero, TimeSpan.Zero, renews: true);
        var done = await healthy.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.InRange((done.CompletedTime - done.CreatedTime).TotalSeconds, LockTimeout.TotalSeconds - 1, Hang.TotalSeconds);
        await Eventually.TrueAsync(() => Task.FromResult(hung.Logs.Entries.Any(e => e.Message.Contains("Dropped a duplicate episode", StringComparison.Ordinal))),
            "the hung worker's late checkpoint is dropped", TimeSpan.FromSeconds(30));
        var history = await HistoryAsync(healthy, done);
        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Single(history.OfType<TaskScheduledEvent>());
        Assert.Equal(0L, await TestSql.ScalarAsync<long>(database.ConnectionString,
            "SELECT count(*) FROM durabletask.new_tasks WHERE task_hub = $1", hub));
    }

    private Task<ProviderHost> StartAsync(string hub, string name, TimeSpan activityDelay, TimeSpan orchestrationDelay, bool renews) =>
        ProviderHost.StartAsync(database.ConnectionString, hub,
            worker => worker
                .AddTaskOrchestrations(new SlowEpisodes(orchestrationDelay))
                .AddTaskActivities(new WorkerName(name, activityDelay)),
            settings =>
            {
                settings.WorkerId = name;
                settings.LockTimeout = LockTimeout;
                if (!renews)
                {
                    // Hung: busy with what it holds, it claims nothing more.
                    settings.MaxConcurrentOrchestrations = 1;
                    settings.MaxConcurrentActivities = 1;
                }
            },
            renews ? null : service => new NonRenewingService(service));

    private Task<string> LockOwner(string hub, string table) => TestSql.ScalarAsync<string>(database.ConnectionString,
        $"SELECT coalesce(max(lock_owner), '') FROM durabletask.{table} WHERE task_hub = $1 AND lock_expiration > now()", hub);

    private static async Task<List<HistoryEvent>> HistoryAsync(ProviderHost host, OrchestrationState state) =>
        JsonDataConverter.Default.Deserialize<List<HistoryEvent>>(await host.Client.GetOrchestrationHistoryAsync(state.OrchestrationInstance));

    /// <summary>Creates <see cref="CallsWorkerName"/> orchestrations whose first (not replayed) run blocks for a while.</summary>
    private sealed class SlowEpisodes : ObjectCreator<TaskOrchestration>
    {
        private readonly TimeSpan _delay;

        public SlowEpisodes(TimeSpan delay)
        {
            _delay = delay;
            Name = NameVersionHelper.GetDefaultName(typeof(CallsWorkerName));
            Version = "";
        }

        public override TaskOrchestration Create() => new CallsWorkerName(_delay);
    }
}

/// <summary>Returns the name of the worker that ran its one activity; blocks first (when not replaying) if told to.</summary>
public sealed class CallsWorkerName(TimeSpan delay) : TaskOrchestration<string, int>
{
    public CallsWorkerName()
        : this(TimeSpan.Zero)
    {
    }

    public override Task<string> RunTask(OrchestrationContext context, int input)
    {
        if (!context.IsReplaying && delay > TimeSpan.Zero)
        {
            Thread.Sleep(delay);
        }

        return context.ScheduleTask<string>(typeof(WorkerName), input);
    }
}

/// <summary>Returns the name of the worker it runs in, after a delay.</summary>
public sealed class WorkerName(string name, TimeSpan delay) : AsyncTaskActivity<int, string>
{
    protected override async Task<string> ExecuteAsync(TaskContext context, int input)
    {
        await Task.Delay(delay);
        return name;
    }
}

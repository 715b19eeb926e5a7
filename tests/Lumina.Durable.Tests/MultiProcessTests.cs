using Lumina.Durable.History;

namespace Lumina.Durable.Tests;

/// <summary>Worker processes sharing one task hub, crashing (SIGKILL) and stopping (SIGTERM).</summary>
public sealed class MultiProcessTests : IAsyncLifetime
{
    private const string CreateRunsTable = """
        CREATE TABLE public.activity_runs (
            worker      text        NOT NULL,
            instance_id text        NOT NULL,
            item        int         NOT NULL,
            phase       text        NOT NULL,
            at          timestamptz NOT NULL DEFAULT clock_timestamp())
        """;

    private string _connectionString = null!;
    private DurableTestHost _client = null!;

    public async ValueTask InitializeAsync()
    {
        _connectionString = await DurableTestHost.CreateDatabaseAsync("multiprocess");
        await TestSql.ExecuteAsync(_connectionString, CreateRunsTable);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }

    [Fact]
    public async Task TwoWorkerProcessesShareOneTaskHub()
    {
        const string hub = "shared";
        await using var a = await StartWorkerAsync(hub, "A", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        await using var b = await StartWorkerAsync(hub, "B", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        await StartClientAsync(hub);

        var done = await _client.RunAsync("SumOfSquares", 40);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 40).Sum(i => (long)i * i), done.ReadOutputAs<long>());
        await AssertEachResultAppliedOnceAsync(done.InstanceId, 40);
        Assert.Equal(["A", "B"], await Workers(done.InstanceId, "finish"));
    }

    [Fact]
    public async Task AWorkerKilledMidActivityLosesNothingAndEachResultIsAppliedOnce()
    {
        const string hub = "killed";
        var lockTimeout = TimeSpan.FromSeconds(2);
        var a = await StartWorkerAsync(hub, "A", lockTimeout, TimeSpan.FromMilliseconds(1500));
        await StartClientAsync(hub);
        var id = await _client.StartAsync("SumOfSquares", 12);
        await Eventually.TrueAsync(
            async () => await Count(id, "A", "finish") >= 4 && await Count(id, "A", "start") > await Count(id, "A", "finish"),
            "worker A has finished a first wave of activities and is in the middle of the next");

        await a.KillAsync();
        var cutShort = await TestSql.ColumnAsync<int>(_connectionString, """
            SELECT s.item FROM public.activity_runs s
            WHERE s.instance_id = $1 AND s.worker = 'A' AND s.phase = 'start'
              AND NOT EXISTS (SELECT 1 FROM public.activity_runs f
                              WHERE f.instance_id = s.instance_id AND f.item = s.item AND f.worker = 'A' AND f.phase = 'finish')
            ORDER BY s.item
            """, id);
        await using var b = await StartWorkerAsync(hub, "B", lockTimeout, TimeSpan.FromMilliseconds(200));
        var done = await _client.WaitAsync(id);

        Assert.Equal(137, a.ExitCode);
        Assert.NotEmpty(cutShort);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 12).Sum(i => (long)i * i), done.ReadOutputAs<long>());
        await AssertEachResultAppliedOnceAsync(id, 12);
        var finishedByB = await TestSql.ColumnAsync<int>(_connectionString,
            "SELECT item FROM public.activity_runs WHERE instance_id = $1 AND worker = 'B' AND phase = 'finish'", id);
        Assert.Subset(finishedByB.ToHashSet(), cutShort.ToHashSet());
    }

    [Fact]
    public async Task AWorkerStoppedWithSigtermHandsBackItsActivitiesAtOnce()
    {
        const string hub = "stopped";
        var lockTimeout = TimeSpan.FromMinutes(1);
        var a = await StartWorkerAsync(hub, "A", lockTimeout, TimeSpan.FromMinutes(5), shutdownTimeout: TimeSpan.FromMilliseconds(500));
        await StartClientAsync(hub);
        var id = await _client.StartAsync("SumOfSquares", 2);
        await Eventually.TrueAsync(async () => await Count(id, "A", "start") == 2, "worker A runs both activities");

        await a.TerminateAsync();
        await using var b = await StartWorkerAsync(hub, "B", lockTimeout, TimeSpan.FromMilliseconds(100));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var done = await _client.WaitAsync(id);

        Assert.Equal(0, a.ExitCode);
        Assert.Equal(5L, done.ReadOutputAs<long>());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}, so B waited for the locks to expire");
        Assert.Equal(0L, await Count(id, "A", "finish"));
    }

    private Task<WorkerProcess> StartWorkerAsync(
        string hub, string name, TimeSpan lockTimeout, TimeSpan activityDelay, TimeSpan? shutdownTimeout = null) =>
        WorkerProcess.StartAsync(_connectionString, hub, name, lockTimeout, activityDelay, shutdownTimeout ?? TimeSpan.FromSeconds(5));

    /// <summary>A client-only process on the hub (it runs no work; the orchestrator is registered for its name).</summary>
    private async Task StartClientAsync(string hub) =>
        _client = await DurableTestHost.StartAsync(_connectionString,
            durable => durable.AddOrchestrator<int, long>("SumOfSquares", (_, _) => throw new InvalidOperationException("runs in the worker processes")),
            o =>
            {
                o.TaskHub = hub;
                o.MaxConcurrentOrchestrations = 0;
                o.MaxConcurrentActivities = 0;
            });

    private async Task AssertEachResultAppliedOnceAsync(string instanceId, int count)
    {
        var history = await _client.HistoryAsync(instanceId);
        var scheduled = history.Where(e => e.EventType == HistoryEventType.TaskScheduled).Select(e => e.TaskId!.Value).Order().ToList();
        var completed = history.Where(e => e.EventType == HistoryEventType.TaskCompleted).Select(e => e.TaskId!.Value).Order().ToList();
        Assert.Equal(count, scheduled.Count);
        Assert.Equal(scheduled, completed);
    }

    private Task<long> Count(string instanceId, string worker, string phase) => TestSql.ScalarAsync<long>(_connectionString,
        "SELECT count(*) FROM public.activity_runs WHERE instance_id = $1 AND worker = $2 AND phase = $3", instanceId, worker, phase);

    private Task<List<string>> Workers(string instanceId, string phase) => TestSql.ColumnAsync<string>(_connectionString,
        "SELECT DISTINCT worker FROM public.activity_runs WHERE instance_id = $1 AND phase = $2 ORDER BY worker", instanceId, phase);
}

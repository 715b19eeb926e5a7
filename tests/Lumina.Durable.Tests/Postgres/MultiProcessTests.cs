using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Serializing;
using Lumina.Testing;

namespace Lumina.Durable.Tests.Postgres;

/// <summary>Worker processes sharing one task hub, and one SIGKILLed mid-work whose work another takes over.</summary>
public sealed class MultiProcessTests(ProviderDatabase database) : IClassFixture<ProviderDatabase>, IAsyncLifetime
{
    private const string SumOfSquares = "Lumina.Durable.ProviderWorker.SumOfSquares";
    private ProviderHost _client = null!;
    private string _hub = null!;

    public async ValueTask InitializeAsync()
    {
        await TestSql.ExecuteAsync(database.ConnectionString, """
            CREATE TABLE IF NOT EXISTS public.activity_runs (
                worker      text        NOT NULL,
                instance_id text        NOT NULL,
                item        int         NOT NULL,
                phase       text        NOT NULL,
                at          timestamptz NOT NULL DEFAULT clock_timestamp())
            """);
        _hub = ProviderDatabase.NewTaskHub();
        _client = await ProviderHost.StartAsync(database.ConnectionString, _hub, register: null);
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    [Fact]
    public async Task TwoWorkerProcessesShareOneTaskHubAndApplyEachResultOnce()
    {
        await using var a = await StartWorkerAsync("A", TimeSpan.FromMilliseconds(100));
        await using var b = await StartWorkerAsync("B", TimeSpan.FromMilliseconds(100));

        var instance = await _client.Client.CreateOrchestrationInstanceAsync(SumOfSquares, "", "shared", 40);
        var done = await _client.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal(Enumerable.Range(1, 40).Sum(i => (long)i * i), ProviderHost.Output<long>(done));
        await AssertEachResultAppliedOnceAsync(done, 40);
        Assert.Equal(["A", "B"], await TestSql.ColumnAsync<string>(database.ConnectionString,
            "SELECT DISTINCT worker FROM public.activity_runs WHERE instance_id = 'shared' AND phase = 'finish' ORDER BY worker"));
    }

    [Fact]
    public async Task AWorkerKilledMidActivityLosesNothingAndEachResultIsAppliedOnce()
    {
        var lockTimeout = TimeSpan.FromSeconds(10);
        var a = await StartWorkerAsync("A", TimeSpan.FromMilliseconds(1500), lockTimeout);
        var instance = await _client.Client.CreateOrchestrationInstanceAsync(SumOfSquares, "", "killed", 12);
        await Eventually.TrueAsync(
            async () => await Count("A", "finish") >= 4 && await Count("A", "start") > await Count("A", "finish"),
            "worker A has finished a first wave of activities and is in the middle of the next");

        await a.KillAsync(TestContext.Current.CancellationToken);
        var cutShort = await TestSql.ColumnAsync<int>(database.ConnectionString, """
            SELECT s.item FROM public.activity_runs s
            WHERE s.instance_id = 'killed' AND s.worker = 'A' AND s.phase = 'start'
              AND NOT EXISTS (SELECT 1 FROM public.activity_runs f
                              WHERE f.instance_id = s.instance_id AND f.item = s.item AND f.worker = 'A' AND f.phase = 'finish')
            ORDER BY s.item
            """);
        await using var b = await StartWorkerAsync("B", TimeSpan.FromMilliseconds(200), lockTimeout);
        var done = await _client.WaitAsync(instance);

        Assert.Equal(137, a.ExitCode);
        Assert.NotEmpty(cutShort);
        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal(Enumerable.Range(1, 12).Sum(i => (long)i * i), ProviderHost.Output<long>(done));
        await AssertEachResultAppliedOnceAsync(done, 12);
        var finishedByB = await TestSql.ColumnAsync<int>(database.ConnectionString,
            "SELECT item FROM public.activity_runs WHERE instance_id = 'killed' AND worker = 'B' AND phase = 'finish'");
        Assert.Subset(finishedByB.ToHashSet(), cutShort.ToHashSet());
        await a.DisposeAsync();
    }

    /// <summary>A Lumina.Durable.ProviderWorker process: a TaskHubWorker of its own on the test's task hub.</summary>
    private Task<WorkerProcess> StartWorkerAsync(string name, TimeSpan activityDelay, TimeSpan? lockTimeout = null) =>
        WorkerProcess.StartAsync(
            WorkerProcess.BuiltBeside("Lumina.Durable.Tests", "Lumina.Durable.ProviderWorker"),
            [database.ConnectionString, _hub, name, Ms(lockTimeout ?? TimeSpan.FromSeconds(30)), Ms(activityDelay)],
            name, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    private static string Ms(TimeSpan value) => ((int)value.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task AssertEachResultAppliedOnceAsync(OrchestrationState state, int count)
    {
        var history = JsonDataConverter.Default.Deserialize<List<HistoryEvent>>(await _client.Client.GetOrchestrationHistoryAsync(state.OrchestrationInstance));
        var scheduled = history.OfType<TaskScheduledEvent>().Select(e => e.EventId).Order().ToList();
        var completed = history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Order().ToList();
        Assert.Equal(count, scheduled.Count);
        Assert.Equal(scheduled, completed);
    }

    private Task<long> Count(string worker, string phase) => TestSql.ScalarAsync<long>(database.ConnectionString,
        "SELECT count(*) FROM public.activity_runs WHERE instance_id = 'killed' AND worker = $1 AND phase = $2", worker, phase);
}

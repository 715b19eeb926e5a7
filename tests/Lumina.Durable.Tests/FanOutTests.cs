using Lumina.Durable.History;

namespace Lumina.Durable.Tests;

public sealed class FanOutTests : IAsyncLifetime
{
    private DurableTestHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await DurableTestHost.StartAsync(await DurableTestHost.CreateDatabaseAsync("fanout"), durable => durable
            .AddOrchestrator<int, long>("FanOut", async (context, count) =>
                (await Task.WhenAll(Enumerable.Range(0, count).Select(i => context.CallActivityAsync<long>("Double", i)))).Sum())
            .AddActivity<int, long>("Double", (_, i) => Task.FromResult(2L * i)));

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task AThousandActivitiesFanOutAndFanInToOneResult()
    {
        var done = await _host.RunAsync("FanOut", 1000);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(999_000L, done.ReadOutputAs<long>());
        var history = await _host.HistoryAsync(done.InstanceId);
        var scheduled = history.Where(e => e.EventType == HistoryEventType.TaskScheduled).Select(e => e.TaskId).ToList();
        var completed = history.Where(e => e.EventType == HistoryEventType.TaskCompleted).Select(e => e.TaskId).ToList();
        Assert.Equal(1000, scheduled.Count);
        Assert.Equal(scheduled.Order(), completed.Order());
    }
}

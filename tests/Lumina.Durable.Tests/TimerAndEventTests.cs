using System.Diagnostics;
using Lumina.Durable.History;

namespace Lumina.Durable.Tests;

public sealed class TimerAndEventTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _releaseSlowActivity = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DurableTestHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await DurableTestHost.StartAsync(await DurableTestHost.CreateDatabaseAsync("timersevents"), durable => durable
            .AddOrchestrator<int, double>("Sleep", async (context, milliseconds) =>
            {
                var before = context.CurrentUtcDateTime;
                await context.CreateTimer(TimeSpan.FromMilliseconds(milliseconds), CancellationToken.None);
                return (context.CurrentUtcDateTime - before).TotalMilliseconds;
            })
            .AddOrchestrator<int, string>("Approval", async (context, timeoutMs) =>
            {
                try
                {
                    return await context.WaitForExternalEvent<string>("Approval", TimeSpan.FromMilliseconds(timeoutMs));
                }
                catch (TaskCanceledException)
                {
                    return "timed out";
                }
            })
            .AddOrchestrator<string, object?>("Notify", (context, target) =>
            {
                context.SendEvent(target, "Approval", "from another orchestration");
                return Task.FromResult<object?>(null);
            })
            .AddOrchestrator<object?, string>("SlowThenWait", async (context, _) =>
            {
                await context.CallActivityAsync("Slow");
                return await context.WaitForExternalEvent<string>("early");
            })
            .AddActivity<object?, object?>("Slow", async (_, _) =>
            {
                await _releaseSlowActivity.Task;
                return null;
            }));

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task ADurableTimerHoldsTheOrchestratorUntilItsTime()
    {
        var watch = Stopwatch.StartNew();

        var done = await _host.RunAsync("Sleep", 1000);

        Assert.True(watch.ElapsedMilliseconds >= 1000, $"finished after {watch.ElapsedMilliseconds} ms");
        Assert.True(done.ReadOutputAs<double>() >= 1000, $"orchestrator time advanced {done.SerializedOutput} ms");
        var history = await _host.HistoryAsync(done.InstanceId);
        var created = Assert.Single(history, e => e.EventType == HistoryEventType.TimerCreated);
        var fired = Assert.Single(history, e => e.EventType == HistoryEventType.TimerFired);
        Assert.Equal(created.TaskId, fired.TaskId);
        Assert.Equal(created.FireAt, fired.FireAt);
    }

    [Fact]
    public async Task AnEventRaisedBeforeTheTimeoutIsReturned()
    {
        var id = await _host.StartAsync("Approval", 30_000);
        await _host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        await _host.Client.RaiseEventAsync(id, "approval", "yes", TestContext.Current.CancellationToken);

        Assert.Equal("yes", (await _host.WaitAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task AnEventThatDoesNotComeInTimeEndsTheWaitWithTaskCanceledException()
    {
        var done = await _host.RunAsync("Approval", 300);

        Assert.Equal("timed out", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task AnOrchestrationRaisesAnEventOnAnother()
    {
        var waiting = await _host.StartAsync("Approval", 30_000);
        await _host.WaitForStatusAsync(waiting, OrchestrationRuntimeStatus.Running);

        var sender = await _host.RunAsync("Notify", waiting);

        Assert.Equal("from another orchestration", (await _host.WaitAsync(waiting)).ReadOutputAs<string>());
        var sent = Assert.Single(await _host.HistoryAsync(sender.InstanceId), e => e.EventType == HistoryEventType.EventSent);
        Assert.Equal((waiting, "Approval"), (sent.InstanceRef, sent.Name));
    }

    [Fact]
    public async Task AnEventRaisedBeforeTheOrchestratorWaitsForItIsKept()
    {
        var id = await _host.StartAsync("SlowThenWait");
        await _host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        await _host.Client.RaiseEventAsync(id, "early", "kept", TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () => (await _host.HistoryAsync(id)).Any(e => e.EventType == HistoryEventType.EventRaised),
            "the event is in the history");
        _releaseSlowActivity.SetResult();

        Assert.Equal("kept", (await _host.WaitAsync(id)).ReadOutputAs<string>());
        var history = (await _host.HistoryAsync(id)).Select(e => e.EventType).ToList();
        Assert.True(history.IndexOf(HistoryEventType.EventRaised) < history.IndexOf(HistoryEventType.TaskCompleted),
            "the event arrived while the orchestrator still waited for its activity");
    }
}

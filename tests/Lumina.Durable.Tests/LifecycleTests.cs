using System.Text.Json;
using Lumina.Durable.Client;
using Lumina.Durable.History;

namespace Lumina.Durable.Tests;

public sealed class LifecycleTests : IAsyncLifetime
{
    private DurableTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _host = await DurableTestHost.StartAsync(await DurableTestHost.CreateDatabaseAsync("lifecycle"), durable => durable
            .AddOrchestrator<object?, int>("WaitForGo", (context, _) =>
            {
                context.SetCustomStatus(new { phase = "waiting" });
                return context.WaitForExternalEvent<int>("go");
            })
            .AddOrchestrator<int, int>("Counter", async (context, n) =>
            {
                if (n < 5)
                {
                    await context.CallActivityAsync("Noop");
                    context.ContinueAsNew(n + 1);
                }

                return n;
            })
            .AddOrchestrator<List<string>, List<string>>("Collector", async (context, items) =>
            {
                items.Add(await context.WaitForExternalEvent<string>("item"));
                if (items.Count < 3)
                {
                    context.ContinueAsNew(items);
                }

                return items;
            })
            .AddActivity<object?, object?>("Noop", (_, _) => Task.FromResult<object?>(null)));

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task TerminatingARunningInstanceEndsItWithTheReasonAsOutput()
    {
        var id = await _host.StartAsync("WaitForGo");
        await _host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        await _host.Client.TerminateInstanceAsync(id, "no longer needed", Ct);
        var done = await _host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("no longer needed", done.ReadOutputAs<string>());
        var again = await Assert.ThrowsAsync<InstanceFinishedException>(() => _host.Client.TerminateInstanceAsync(id, "again", Ct));
        Assert.Contains("has already finished (Terminated)", again.Message);
    }

    [Fact]
    public async Task ASuspendedInstanceTakesNoEventsUntilItIsResumed()
    {
        var id = await _host.StartAsync("WaitForGo");
        await _host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        await _host.Client.SuspendInstanceAsync(id, "maintenance", Ct);
        await _host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        await _host.Client.RaiseEventAsync(id, "go", 42, Ct);
        await Task.Delay(500, Ct);
        var whileSuspended = await _host.Client.GetInstanceAsync(id, cancellationToken: Ct);
        await _host.Client.ResumeInstanceAsync(id, "done", Ct);
        var done = await _host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, whileSuspended!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(42, done.ReadOutputAs<int>());
        var history = (await _host.HistoryAsync(id)).Select(e => e.EventType).ToList();
        Assert.True(history.IndexOf(HistoryEventType.ExecutionResumed) < history.IndexOf(HistoryEventType.EventRaised));
    }

    [Fact]
    public async Task ContinueAsNewRestartsWithTheNewInputAndAFreshHistory()
    {
        var done = await _host.RunAsync("Counter", 0);

        Assert.Equal(5, done.ReadOutputAs<int>());
        Assert.Equal("5", done.SerializedInput);
        var history = await _host.HistoryAsync(done.InstanceId);
        Assert.Equal(
            [HistoryEventType.OrchestratorStarted, HistoryEventType.ExecutionStarted, HistoryEventType.ExecutionCompleted, HistoryEventType.OrchestratorCompleted],
            history.Select(e => e.EventType));
        Assert.Equal("5", history[1].Payload);
    }

    [Fact]
    public async Task EventsRaisedAroundAContinueAsNewReachTheNextExecutionsInOrder()
    {
        var id = await _host.StartAsync("Collector", new List<string>());
        foreach (var item in new[] { "a", "b", "c" })
        {
            await _host.Client.RaiseEventAsync(id, "item", item, Ct);
        }

        Assert.Equal(["a", "b", "c"], (await _host.WaitAsync(id)).ReadOutputAs<List<string>>());
    }

    [Fact]
    public async Task TheCustomStatusIsVisibleWhileTheInstanceRuns()
    {
        var id = await _host.StartAsync("WaitForGo");
        await _host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        var running = await _host.Client.GetInstanceAsync(id, cancellationToken: Ct);
        await _host.Client.RaiseEventAsync(id, "go", 1, Ct);
        await _host.WaitAsync(id);

        Assert.Equal("waiting", running!.ReadCustomStatusAs<JsonElement>().GetProperty("phase").GetString());
    }
}

using Lumina.Durable.Orchestration;
using Microsoft.Extensions.Logging;

namespace Lumina.Durable.Tests;

/// <summary>Replay from stored history, with the session cache off so that every episode replays.</summary>
public sealed class ReplayTests : IAsyncLifetime
{
    private volatile string _firstStep = "Charge";
    private DurableTestHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await DurableTestHost.StartAsync(await DurableTestHost.CreateDatabaseAsync("replay"), durable => durable
            .AddOrchestrator<object?, int>("Steps", async (context, _) =>
            {
                var log = context.CreateReplaySafeLogger("Steps");
                var total = 0;
                for (var step = 1; step <= 3; step++)
                {
                    total += await context.CallActivityAsync<int>("Echo", step);
                    log.LogInformation("step {Step} done (replaying: {Replaying})", step, context.IsReplaying);
                }

                return total;
            })
            .AddOrchestrator<object?, string>("Checkout", async (context, _) =>
            {
                await context.CallActivityAsync<int>(_firstStep, 1);
                return await context.WaitForExternalEvent<string>("go");
            })
            .AddActivity<int, int>("Echo", (_, n) => Task.FromResult(n))
            .AddActivity<int, int>("Charge", (_, n) => Task.FromResult(n))
            .AddActivity<int, int>("Refund", (_, n) => Task.FromResult(n)),
            o => o.MaxCachedOrchestrations = 0);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task EveryEpisodeReplaysTheHistoryAndTheReplaySafeLoggerWritesEachMessageOnce()
    {
        var done = await _host.RunAsync("Steps");

        Assert.Equal(6, done.ReadOutputAs<int>());
        var steps = _host.Logs.Entries.Where(e => e.Category == "Steps").Select(e => e.Message).ToList();
        Assert.Equal(["step 1 done (replaying: False)", "step 2 done (replaying: False)", "step 3 done (replaying: False)"], steps);
        Assert.Equal(3, _host.Logs.Entries.Count(e => e.Message.StartsWith($"Replayed ", StringComparison.Ordinal) && e.Message.Contains(done.InstanceId)));
    }

    [Fact]
    public async Task ChangedOrchestratorCodeFailsTheRunningInstanceNamingTheCallThatDiffers()
    {
        var id = await _host.StartAsync("Checkout");
        await Eventually.TrueAsync(async () => (await _host.HistoryAsync(id)).Any(e => e.EventType == History.HistoryEventType.TaskCompleted),
            "the first activity has completed");

        _firstStep = "Refund";
        await _host.Client.RaiseEventAsync(id, "go", "now", TestContext.Current.CancellationToken);
        var done = await _host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.True(done.FailureDetails!.IsCausedBy<NonDeterminismException>());
        Assert.Contains("records call #0 as CallActivityAsync(\"Charge\"), but on replay the orchestrator made CallActivityAsync(\"Refund\") instead",
            done.FailureDetails.ErrorMessage);
    }
}

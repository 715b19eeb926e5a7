using System.Collections.Concurrent;
using Lumina.Durable.History;
using Lumina.Durable.Orchestration;

namespace Lumina.Durable.Tests;

public sealed class RetryTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private DurableTestHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await DurableTestHost.StartAsync(await DurableTestHost.CreateDatabaseAsync("retries"), durable => durable
            .AddOrchestrator<RetryCase, string>("Retrying", (context, retry) => context.CallActivityAsync<string>(
                "Flaky", retry.SucceedOnAttempt,
                new TaskOptions(new RetryPolicy(retry.MaxAttempts, TimeSpan.FromMilliseconds(200), 2.0,
                    retryTimeout: retry.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null))))
            .AddActivity<int, string>("Flaky", (context, succeedOnAttempt) =>
            {
                var attempt = _attempts.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
                return attempt >= succeedOnAttempt
                    ? Task.FromResult($"ok on attempt {attempt}")
                    : throw new IOException($"attempt {attempt} failed");
            }));

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task AFailingActivityIsRetriedAfterDurableTimersThatBackOff()
    {
        var done = await _host.RunAsync("Retrying", new RetryCase(MaxAttempts: 5, SucceedOnAttempt: 3));

        Assert.Equal("ok on attempt 3", done.ReadOutputAs<string>());
        var history = await _host.HistoryAsync(done.InstanceId);
        Assert.Equal(3, history.Count(e => e.EventType == HistoryEventType.TaskScheduled));
        Assert.Equal(2, history.Count(e => e.EventType == HistoryEventType.TaskFailed));
        Assert.Equal(
            [200.0, 400.0],
            history.Where(e => e.EventType == HistoryEventType.TimerCreated).Select(e => (e.FireAt!.Value - e.Timestamp).TotalMilliseconds));
    }

    [Fact]
    public async Task RetriesStopAfterTheLastAttemptAndTheFailureSurfaces()
    {
        var done = await _host.RunAsync("Retrying", new RetryCase(MaxAttempts: 2, SucceedOnAttempt: 10));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.True(done.FailureDetails!.IsCausedBy<TaskFailedException>());
        Assert.Contains("Task 'Flaky' (#2) failed: System.IO.IOException: attempt 2 failed", done.FailureDetails.ErrorMessage);
        Assert.Equal(2, _attempts[done.InstanceId]);
    }

    [Fact]
    public async Task NoAttemptStartsAfterTheRetryTimeout()
    {
        var done = await _host.RunAsync("Retrying", new RetryCase(MaxAttempts: 10, SucceedOnAttempt: 10, TimeoutMs: 500));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(2, _attempts[done.InstanceId]);
    }

    public sealed record RetryCase(int MaxAttempts, int SucceedOnAttempt, int? TimeoutMs = null);
}

using Lumina.Durable.Orchestration.Replay;
using Lumina.Durable.Storage;
using Lumina.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lumina.Durable.Tests;

/// <summary>The worker's small parts: idle backoff, wake-up signals, the session cache.</summary>
public sealed class WorkerPartsTests
{
    [Fact]
    public void IdlePollingBacksOffFromTheMinimumDoublingUpToTheMaximumAndStartsOverAfterWork()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(3));

        var waits = Enumerable.Range(0, 9).Select(_ => backoff.Next().TotalMilliseconds).ToList();
        backoff.Reset();
        var afterWork = backoff.Next().TotalMilliseconds;

        double[] nominal = [50, 100, 200, 400, 800, 1600, 3000, 3000, 3000];
        Assert.All(waits.Zip(nominal), w => Assert.InRange(w.First, w.Second * 0.8, w.Second * 1.2));
        Assert.InRange(afterWork, 40, 60);
    }

    [Fact]
    public async Task APulseWakesAsManyWaitersAsItCountsAndIsKeptWhenNobodyWaits()
    {
        var signal = new WorkSignal(maxKept: 1);
        var ct = TestContext.Current.CancellationToken;
        var waiters = Enumerable.Range(0, 3).Select(_ => signal.WaitAsync(TimeSpan.FromSeconds(30), ct)).ToList();

        signal.Pulse(2);
        await Task.Delay(100, ct);
        var woken = waiters.Count(w => w.IsCompleted);
        signal.Pulse(3);
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(5), ct);
        var kept = signal.WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.Equal(2, woken);
        Assert.True(kept.IsCompleted, "a pulse sent while nobody waited is kept for the next waiter");
        var notKept = signal.WaitAsync(TimeSpan.FromMilliseconds(100), ct);
        Assert.False(notKept.IsCompleted, "only maxKept pulses are kept");
        await notKept;
    }

    [Fact]
    public async Task PulseAllWakesEveryWaiter()
    {
        var signal = new WorkSignal(maxKept: 0);
        var ct = TestContext.Current.CancellationToken;
        var waiters = Enumerable.Range(0, 5).Select(_ => signal.WaitAsync(TimeSpan.FromSeconds(30), ct)).ToList();

        signal.PulseAll();

        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(5), ct);
    }

    [Fact]
    public void TheSessionCacheHandsBackASessionOnlyAtItsExecutionAndVersionAndEvictsTheLeastRecentlyUsed()
    {
        var time = new ManualTime();
        var cache = new SessionCache(Options.Create(new DurableOptions
        {
            MaxCachedOrchestrations = 2, CachedOrchestrationIdleTimeout = TimeSpan.FromMinutes(1),
        }), time);
        var a = Session("a");
        var b = Session("b");
        var c = Session("c");
        var d = Session("d");

        cache.Put(a);
        cache.Put(b);
        cache.Put(c);
        var evicted = cache.Take(Claim(a));
        var wrongVersion = cache.Take(Claim(b) with { HistoryVersion = 7 });
        var goneAfterMismatch = cache.Take(Claim(b));
        var kept = cache.Take(Claim(c));
        cache.Put(d);
        time.Now += TimeSpan.FromMinutes(2);
        cache.Put(c);
        var idle = cache.Take(Claim(d));

        Assert.Null(evicted);
        Assert.Null(wrongVersion);
        Assert.Null(goneAfterMismatch);
        Assert.Same(c, kept);
        Assert.Null(idle);
        Assert.Same(c, cache.Take(Claim(c)));
    }

    [Fact]
    public void EvictingASessionDropsItButNotANewerOneOfTheSameInstance()
    {
        var cache = new SessionCache(Options.Create(new DurableOptions()), TimeProvider.System);
        var stale = Session("a");
        var newer = Session("a");

        cache.Put(stale);
        cache.Evict(stale);
        var afterEvict = cache.Take(Claim(stale));
        cache.Put(newer);
        cache.Evict(stale);

        Assert.Null(afterEvict);
        Assert.Same(newer, cache.Take(Claim(newer)));
    }

    private static readonly Guid Execution = Guid.NewGuid();

    private static ClaimedOrchestration Claim(OrchestrationSession session) =>
        new(session.InstanceId, Execution, "Orchestrator", OrchestrationRuntimeStatus.Running, null, null, 0, 1, []);

    private static OrchestrationSession Session(string instanceId) => new(
        new ClaimedOrchestration(instanceId, Execution, "Orchestrator", OrchestrationRuntimeStatus.Running, null, null, 0, 1, []),
        new DurableRegistry(), new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

using DurableTask.Core;

namespace Lumina.Durable.Tests.Postgres;

/// <summary>
/// Two services on one hub stand for two processes: their in-process signals do not reach each other, so
/// what wakes the idle one is PostgreSQL LISTEN/NOTIFY.
/// </summary>
public sealed class NotificationTests(ProviderDatabase database) : IClassFixture<ProviderDatabase>
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AnIdleWorkerElsewhereIsWokenAtOnceByNotifications()
    {
        var hub = ProviderDatabase.NewTaskHub();
        await using var worker = await StartIdleWorkerAsync(hub, useNotifications: true);
        await using var client = await ProviderHost.StartAsync(database.ConnectionString, hub, register: null, s => s.MaxPollingInterval = LongPoll);
        await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var done = await client.RunAsync<Sequence>(0);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}: the idle worker waited for its next poll");
    }

    [Fact]
    public async Task WithoutNotificationsAnIdleWorkerElsewhereWaitsForItsNextPoll()
    {
        var hub = ProviderDatabase.NewTaskHub();
        await using var worker = await StartIdleWorkerAsync(hub, useNotifications: false);
        await using var client = await ProviderHost.StartAsync(database.ConnectionString, hub, register: null, s =>
        {
            s.UseNotifications = false;
            s.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
        });
        await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var instance = await client.Client.CreateOrchestrationInstanceAsync(typeof(Sequence), null, 0);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        Assert.Equal(OrchestrationStatus.Pending, (await client.Client.GetOrchestrationStateAsync(instance))?.OrchestrationStatus);
        Assert.Equal(OrchestrationStatus.Completed, (await client.WaitAsync(instance)).OrchestrationStatus);
        Assert.True(watch.Elapsed > TimeSpan.FromSeconds(1), $"took only {watch.Elapsed}");
    }

    /// <summary>A worker whose idle polls back off to 30 s: after a few idle seconds it waits seconds between polls.</summary>
    private Task<ProviderHost> StartIdleWorkerAsync(string hub, bool useNotifications) =>
        ProviderHost.StartAsync(database.ConnectionString, hub,
            worker => worker.AddTaskOrchestrations(typeof(Sequence)).AddTaskActivities(typeof(AddOne)),
            s =>
            {
                s.UseNotifications = useNotifications;
                s.MaxPollingInterval = LongPoll;
            });
}

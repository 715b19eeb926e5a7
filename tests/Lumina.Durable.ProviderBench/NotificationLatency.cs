using System.Diagnostics;
using DurableTask.Core;
using Lumina.Durable.Postgres;
using Microsoft.Extensions.Logging;

namespace Lumina.Durable.ProviderBench;

/// <summary>
/// What LISTEN/NOTIFY buys: a client service and a worker service on one hub (two processes as far as
/// their wake signals go), the worker idle for a while, then one 5-activity orchestration from the client;
/// seconds from its start to its completion being seen, with notifications on and off (default polling).
/// </summary>
internal static class NotificationLatency
{
    public static async Task<object> RunAsync(string connectionString, int rounds, ILoggerFactory loggerFactory) => new
    {
        rounds,
        idle_seconds = 4,
        with_notifications_seconds = await MeasureAsync(connectionString, true, rounds, loggerFactory),
        without_notifications_seconds = await MeasureAsync(connectionString, false, rounds, loggerFactory),
    };

    private static async Task<List<double>> MeasureAsync(string connectionString, bool notify, int rounds, ILoggerFactory loggerFactory)
    {
        var hub = $"latency-{Guid.NewGuid():N}";
        PostgresOrchestrationServiceSettings Settings() => new() { ConnectionString = connectionString, TaskHub = hub, UseNotifications = notify };
        await using var workerService = new PostgresOrchestrationService(Settings(), loggerFactory);
        await using var clientService = new PostgresOrchestrationService(Settings(), loggerFactory);
        await workerService.CreateIfNotExistsAsync();
        var worker = new TaskHubWorker(workerService, loggerFactory).AddTaskOrchestrations(typeof(BenchSequence)).AddTaskActivities(typeof(Noop));
        await worker.StartAsync();
        var client = new TaskHubClient(clientService, loggerFactory: loggerFactory);
        var seconds = new List<double>();
        try
        {
            for (var i = 0; i < rounds; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(4));
                var watch = Stopwatch.StartNew();
                var instance = await client.CreateOrchestrationInstanceAsync(typeof(BenchSequence), null, 0);
                await client.WaitForOrchestrationAsync(instance, TimeSpan.FromMinutes(1));
                seconds.Add(Math.Round(watch.Elapsed.TotalSeconds, 3));
            }
        }
        finally
        {
            await worker.StopAsync(isForced: true);
            await workerService.DeleteAsync();
        }

        return seconds;
    }
}

using System.Runtime.InteropServices;
using DurableTask.Core;
using Lumina.Durable.Postgres;
using Lumina.Durable.ProviderWorker;
using Microsoft.Extensions.Logging;
using Npgsql;

// A worker process for the provider's multi-process tests: DurableTask.Core's TaskHubWorker on the
// PostgreSQL provider, with a fan-out orchestrator whose activities are slow and record their runs.
// Prints "ready" once it runs; SIGTERM stops it gracefully.
var settings = WorkerSettings.Parse(args);
using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
await using var dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
await using var service = new PostgresOrchestrationService(new PostgresOrchestrationServiceSettings
{
    DataSource = dataSource,
    TaskHub = settings.TaskHub,
    WorkerId = settings.WorkerName,
    LockTimeout = settings.LockTimeout,
    MaxConcurrentActivities = 4,
    MinPollingInterval = TimeSpan.FromMilliseconds(10),
    MaxPollingInterval = TimeSpan.FromMilliseconds(200),
}, loggerFactory);
await service.CreateIfNotExistsAsync();
var runs = new ActivityRuns(dataSource, settings.WorkerName);
var worker = new TaskHubWorker(service, loggerFactory)
    .AddTaskOrchestrations(typeof(SumOfSquares))
    .AddTaskActivities(new SlowSquare(runs, settings.ActivityDelay));
await worker.StartAsync();

using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
Console.WriteLine("ready");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    await worker.StopAsync(isForced: false);
}

using Lumina.Durable;
using Lumina.Durable.TestWorker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

// A worker process for the multi-process tests: hosts the durable worker with a fan-out orchestrator
// whose activities are slow and record their runs. Prints "ready" once it polls.
var settings = WorkerSettings.Parse(args);
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(settings.ConnectionString));
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<ActivityRuns>();
builder.Services.AddLuminaDurable(o =>
    {
        o.TaskHub = settings.TaskHub;
        o.LockTimeout = settings.LockTimeout;
        o.MaxConcurrentActivities = 4;
        o.MinPollingInterval = TimeSpan.FromMilliseconds(10);
        o.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
    })
    .AddOrchestrator<int, long>("SumOfSquares", async (context, count) =>
    {
        var squares = await Task.WhenAll(Enumerable.Range(1, count).Select(i => context.CallActivityAsync<long>("SlowSquare", i)));
        return squares.Sum();
    })
    .AddActivity<int, long>("SlowSquare", async (context, item) =>
    {
        var runs = context.Services.GetRequiredService<ActivityRuns>();
        await runs.RecordAsync(context.InstanceId, item, "start", context.CancellationToken);
        await Task.Delay(settings.ActivityDelay, context.CancellationToken);
        await runs.RecordAsync(context.InstanceId, item, "finish", context.CancellationToken);
        return (long)item * item;
    });

using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("ready");
await host.WaitForShutdownAsync();

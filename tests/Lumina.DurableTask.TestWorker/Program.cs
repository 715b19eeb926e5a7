using Lumina.Durable.Hosting;
using Lumina.DurableTask.TestWorker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

// A worker process for the conformance suite's multi-process cases: DTFx on the given provider and task hub, running
// SumOfSquares with slow, recorded activities. Prints "ready" once the worker has started.
var settings = WorkerSettings.Parse(args);
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(settings.RunsDatabase));
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<ActivityRuns>();
builder.Services.AddLuminaDurableTask(o =>
    {
        o.TaskHub = settings.TaskHub;
        o.WorkerId = $"{settings.WorkerName}-{Environment.ProcessId}";
        o.MaxConcurrentActivities = 4;
        o.MaxConcurrentOrchestrations = 4;
    })
    .Use(settings.Provider, settings.Connection)
    .AddOrchestrator<SumOfSquares>(SumOfSquares.Name)
    .AddActivity<SlowSquare>(SlowSquare.Name);

using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("ready");
await host.WaitForShutdownAsync();

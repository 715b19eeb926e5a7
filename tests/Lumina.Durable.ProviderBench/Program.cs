using System.Text.Json;
using Lumina.Durable.ProviderBench;
using Lumina.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

// The PostgreSQL provider's benchmark, on a throwaway private cluster with fsync on (or --postgres):
// pgbench's TPC-B with 2 clients for the commit rate, then, --runs times each, N orchestrations of 5
// sequential no-op activities and one fan-out of --fanout no-op activities, on the provider under DurableTask.Core's
// own worker and client (no Microsoft.DurableTask shims: `./lumina bench durable` measures those); with --engines
// ...,latency also what LISTEN/NOTIFY buys (NotificationLatency).
// Prints JSON with every run and the medians.
//   dotnet run -c Release --project tests/Lumina.Durable.ProviderBench -- [--orchestrations 1000] [--fanout 10000] [--runs 3]
//       [--engines provider,latency] [--pgbench-seconds 15] [--postgres CONN] [--set Name=Value ...] [--keep true]
var options = BenchOptions.Parse(args);
using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
var clusterDirectory = options.Postgres is null ? Path.Combine(Path.GetTempPath(), $"lumina-provider-bench-{Guid.NewGuid():N}") : null;
LocalCluster? cluster = null;
try
{
    if (clusterDirectory is not null)
    {
        cluster = await LocalCluster.EnsureRunningAsync(clusterDirectory, new ClusterSettings { Durable = true }, loggerFactory.CreateLogger<LocalCluster>(), default);
        await cluster.EnsureDatabaseAsync("bench", default);
    }

    var connectionString = options.Postgres ?? cluster!.ConnectionString("bench");
    var report = new Dictionary<string, object?>
    {
        ["pgbench_tps"] = options.PgbenchSeconds > 0 ? await Pgbench.RunAsync(connectionString, options.PgbenchSeconds) : null,
        ["processors"] = Environment.ProcessorCount,
    };
    // The provider leaves no session state on its connections, so it needs no pool reset.
    await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString);
    foreach (var engine in options.Engines.Where(e => e != "latency"))
    {
        IEngineBenchmark benchmark = engine switch
        {
            "provider" => new ProviderBenchmark(dataSource, options.Settings, options.Keep, loggerFactory),
            _ => throw new ArgumentException($"unknown engine '{engine}' (provider or latency)"),
        };
        report[engine] = await BenchRuns.RunAsync(benchmark, options, report["pgbench_tps"] as double?);
    }

    if (options.Engines.Contains("latency"))
    {
        report["notification_latency"] = await NotificationLatency.RunAsync(connectionString, options.Runs, loggerFactory);
    }

    Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
}
finally
{
    if (cluster is not null)
    {
        await cluster.StopAsync(default);
    }

    if (clusterDirectory is not null && Directory.Exists(clusterDirectory))
    {
        Directory.Delete(clusterDirectory, recursive: true);
    }
}

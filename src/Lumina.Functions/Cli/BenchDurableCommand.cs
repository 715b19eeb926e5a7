using System.CommandLine;
using System.Text.Json;
using Lumina.Functions.Benchmarks;
using Lumina.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Functions.Cli;

/// <summary><c>lumina bench durable [--orchestrations N] [--fanout N] [--postgres CONN]</c>: prints the durable benchmark as JSON.</summary>
public static class BenchDurableCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static Command Create()
    {
        var orchestrations = PositiveOption("--orchestrations", "Orchestrations of 5 sequential no-op activities (the durabletask-mssql scale test).", 1000);
        var fanout = PositiveOption("--fanout", "No-op activities of the fan-out/fan-in orchestration.", 10_000);
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Npgsql connection string of the database to use; default: a throwaway private PostgreSQL cluster.",
        };
        var command = new Command("durable", "Benchmarks the durable orchestration runtime and prints JSON.") { orchestrations, fanout, postgres };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(orchestrations), parse.GetValue(fanout), parse.GetValue(postgres), ct));
        return command;
    }

    private static Option<int> PositiveOption(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{name} must be at least 1.");
            }
        });
        return option;
    }

    private static async Task<int> RunAsync(int orchestrations, int fanout, string? postgres, CancellationToken ct)
    {
        // Logs go to stderr so that stdout holds only the JSON.
        using var loggerFactory = LoggerFactory.Create(b => b
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning));
        var clusterDirectory = postgres is null ? Path.Combine(Path.GetTempPath(), $"lumina-bench-{Guid.NewGuid():N}") : null;
        LocalCluster? cluster = null;
        try
        {
            if (clusterDirectory is not null)
            {
                cluster = await LocalCluster.EnsureRunningAsync(
                    clusterDirectory, new ClusterSettings { Durable = true }, loggerFactory.CreateLogger<LocalCluster>(), ct);
            }

            await using var dataSource = NpgsqlDataSource.Create(postgres ?? cluster!.ConnectionString("postgres"));
            var result = await new DurableBenchmark().RunAsync(dataSource, orchestrations, fanout, loggerFactory, ct);
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(result, Json));
            return 0;
        }
        finally
        {
            if (cluster is not null)
            {
                await cluster.StopAsync(CancellationToken.None);
            }

            if (clusterDirectory is not null && Directory.Exists(clusterDirectory))
            {
                Directory.Delete(clusterDirectory, recursive: true);
            }
        }
    }
}

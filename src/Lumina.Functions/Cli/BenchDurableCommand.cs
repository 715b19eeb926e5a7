using System.CommandLine;
using System.Text.Json;
using Lumina.Functions.Benchmarks;
using Lumina.Functions.Configuration;
using Lumina.Postgres;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Functions.Cli;

/// <summary>
/// <c>lumina bench durable [--provider postgres|azurestorage|all] ...</c>: the durable benchmark on each provider in one
/// run, with pgbench's commit rate of the same PostgreSQL, as JSON.
/// </summary>
public static class BenchDurableCommand
{
    private const string All = "all";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static Command Create()
    {
        var provider = new Option<string>("--provider")
        {
            Description = "postgres, azurestorage or all.", DefaultValueFactory = _ => DurableProviders.Postgres,
        };
        provider.AcceptOnlyFromAmong(DurableProviders.Postgres, DurableProviders.AzureStorage, All);
        var orchestrations = PositiveOption("--orchestrations", "PostgreSQL: orchestrations of 5 sequential no-op activities (the durabletask-mssql scale test).", 1000);
        var fanout = PositiveOption("--fanout", "PostgreSQL: no-op activities of the fan-out/fan-in orchestration.", 10_000);
        var azureOrchestrations = PositiveOption("--azure-orchestrations", "Azure Storage: the same, smaller by default (Azurite is slow).", 100);
        var azureFanout = PositiveOption("--azure-fanout", "Azure Storage: the fan-out's activities.", 1000);
        var pgbenchSeconds = new Option<int>("--pgbench-seconds")
        {
            Description = "Seconds of pgbench -c 2 -j 2 against the same PostgreSQL (0 skips it).", DefaultValueFactory = _ => 15,
        };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Npgsql connection string of the database to use; default: a throwaway private PostgreSQL cluster (fsync on).",
        };
        var azureStorage = new Option<string?>("--azure-storage")
        {
            Description = "Storage connection string (blob, queue, table) for the Azure Storage provider; default: a throwaway Azurite.",
        };
        var command = new Command("durable", "Benchmarks the durable providers and prints JSON.")
        {
            provider, orchestrations, fanout, azureOrchestrations, azureFanout, pgbenchSeconds, postgres, azureStorage,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(provider)!, (parse.GetValue(orchestrations), parse.GetValue(fanout)), (parse.GetValue(azureOrchestrations), parse.GetValue(azureFanout)),
            parse.GetValue(pgbenchSeconds), parse.GetValue(postgres), parse.GetValue(azureStorage), ct));
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

    private static async Task<int> RunAsync(
        string provider, (int Orchestrations, int Fanout) postgresVolume, (int Orchestrations, int Fanout) azureVolume,
        int pgbenchSeconds, string? postgres, string? azureStorage, CancellationToken ct)
    {
        // Logs go to stderr so that stdout holds only the JSON.
        using var loggers = LoggerFactory.Create(b => b
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning));
        var results = new List<DurableBenchmarkResult>();
        PgBenchResult? pgbench = null;
        if (provider is DurableProviders.Postgres or All)
        {
            await using var database = await BenchDatabase.OpenAsync(postgres, loggers, ct);
            await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString("postgres")) { NoResetOnClose = true }.ConnectionString);
            results.Add(await MeasureAsync(DurableProviders.Postgres, BenchHosts.Postgres(dataSource, loggers), postgresVolume, ct));
            if (pgbenchSeconds > 0)
            {
                await database.EnsureDatabaseAsync("pgbench", ct);
                pgbench = await PgBench.RunAsync(PostgresBinaries.Locate(null).Tool("pgbench"), database.ConnectionString("pgbench"), 2, pgbenchSeconds, ct);
            }
        }

        if (provider is DurableProviders.AzureStorage or All)
        {
            await using var azurite = azureStorage is null ? await BenchAzurite.StartAsync(ct) : null;
            results.Add(await MeasureAsync(DurableProviders.AzureStorage, BenchHosts.AzureStorage(azureStorage ?? azurite!.ConnectionString, loggers), azureVolume, ct));
        }

        var postgresResult = results.FirstOrDefault(r => r.Provider == DurableProviders.Postgres);
        var ratio = postgresResult is not null && pgbench is not null ? Math.Round(postgresResult.OrchestrationsPerSecond / pgbench.Tps, 4) : (double?)null;
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new DurableBenchmarkReport(Environment.ProcessorCount, results, pgbench, ratio), Json));
        return 0;
    }

    private static async Task<DurableBenchmarkResult> MeasureAsync(string provider, IHost host, (int Orchestrations, int Fanout) volume, CancellationToken ct)
    {
        using (host)
        {
            await host.StartAsync(ct);
            try
            {
                var (sequence, fan) = await DurableBenchmark.RunAsync(host.Services.GetRequiredService<DurableTaskClient>(), volume.Orchestrations, volume.Fanout, ct);
                return new DurableBenchmarkResult(
                    provider, volume.Orchestrations, DurableBenchmark.ActivitiesPerOrchestration,
                    Math.Round(sequence, 3), Math.Round(volume.Orchestrations / sequence, 1), volume.Fanout, Math.Round(fan, 3), Math.Round(volume.Fanout / fan, 1));
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
    }
}

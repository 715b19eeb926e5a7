using Lumina.Durable;
using Lumina.Durable.Hosting;
using Lumina.Functions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Functions.Benchmarks;

/// <summary>A worker host with the benchmark's orchestrations on a new task hub of one provider.</summary>
public static class BenchHosts
{
    /// <summary>What runs the postgres provider's orchestrations now: Lumina's own engine, until the DTFx PostgreSQL provider replaces it.</summary>
    public const string PostgresEngine = "lumina-engine";

    public const string AzureStorageEngine = "dtfx";

    public static IHost Postgres(NpgsqlDataSource dataSource, ILoggerFactory loggers) => Build(loggers, services =>
    {
        services.AddSingleton(dataSource);
        services.AddLuminaDurable(o => o.TaskHub = $"bench-{Guid.NewGuid():N}").AddTasks(DurableBenchmark.Tasks());
    });

    public static IHost AzureStorage(string connectionString, ILoggerFactory loggers) => Build(loggers, services =>
        services.AddLuminaDurableTask(o => o.TaskHub = $"bench{Guid.NewGuid():N}"[..20])
            .UseAzureStorage(o => o.ConnectionString = connectionString)
            .AddTasks(DurableBenchmark.Tasks()));

    /// <summary>The engine name reported for <paramref name="provider"/>.</summary>
    public static string EngineOf(string provider) => provider == DurableProviders.Postgres ? PostgresEngine : AzureStorageEngine;

    private static IHost Build(ILoggerFactory loggers, Action<IServiceCollection> addDurable)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        addDurable(builder.Services);
        return builder.Build();
    }
}

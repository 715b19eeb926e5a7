using Lumina.Durable.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Functions.Benchmarks;

/// <summary>A worker host with the benchmark's orchestrations on a new task hub of one provider.</summary>
public static class BenchHosts
{
    public static IHost Postgres(NpgsqlDataSource dataSource, ILoggerFactory loggers) => Build(loggers, services =>
        services.AddSingleton(dataSource)
            .AddLuminaDurableTask(o => Configure(o, $"bench-{Guid.NewGuid():N}"))
            .UsePostgres()
            .AddTasks(DurableBenchmark.Tasks()));

    public static IHost AzureStorage(string connectionString, ILoggerFactory loggers) => Build(loggers, services =>
        services.AddLuminaDurableTask(o => Configure(o, $"bench{Guid.NewGuid():N}"[..20]))
            .UseAzureStorage(o => o.ConnectionString = connectionString)
            .AddTasks(DurableBenchmark.Tasks()));

    /// <summary>Episodes and activities in flight as the PostgreSQL provider's defaults have them: no-op work needs many to keep the database busy.</summary>
    private static void Configure(DurableTaskHostOptions options, string taskHub)
    {
        options.TaskHub = taskHub;
        options.MaxConcurrentOrchestrations = 20 * Environment.ProcessorCount;
        options.MaxConcurrentActivities = 10 * Environment.ProcessorCount;
    }

    private static IHost Build(ILoggerFactory loggers, Action<IServiceCollection> addDurable)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        addDurable(builder.Services);
        return builder.Build();
    }
}

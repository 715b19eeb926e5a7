using DurableTask.Core;
using Lumina.Durable.Postgres;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lumina.Durable.Hosting;

/// <summary>Registers the Microsoft.DurableTask classes of a DTFx engine. Returned by <c>AddLuminaDurableTask</c>.</summary>
public sealed class DurableTaskBuilder(IServiceCollection services, DurableTaskRegistrations registrations)
{
    public IServiceCollection Services { get; } = services;

    public DurableTaskBuilder AddOrchestrator<T>(string name) where T : class, ITaskOrchestrator
    {
        registrations.AddOrchestrator<T>(name);
        return this;
    }

    public DurableTaskBuilder AddActivity<T>(string name) where T : class, ITaskActivity
    {
        registrations.AddActivity<T>(name);
        return this;
    }

    /// <summary>Every orchestrator and activity of <paramref name="tasks"/>.</summary>
    public DurableTaskBuilder AddTasks(DurableTaskRegistrations tasks)
    {
        registrations.AddAll(tasks);
        return this;
    }

    /// <summary>Keeps the task hub in Azure Storage (blobs, queues and tables of one account).</summary>
    public DurableTaskBuilder UseAzureStorage(Action<AzureStorageProviderOptions> configure)
    {
        var storage = new AzureStorageProviderOptions();
        configure(storage);
        return UseProvider((host, _, loggers) => AzureStorageProvider.Create(host, storage, loggers));
    }

    /// <summary>
    /// Keeps the task hub in PostgreSQL (schema <c>durabletask</c>) on the process's <see cref="NpgsqlDataSource"/> (register
    /// one; <c>No Reset On Close=true</c> spares the provider a reset on every pooled connection) unless
    /// <paramref name="configure"/> gives another data source or a connection string, with the host's task hub,
    /// worker id and concurrency; <paramref name="configure"/> sets the rest (lock timeout, polling, sessions). The service
    /// is also registered as itself, for what only this provider tells (<see cref="PostgresOrchestrationService.GetHeldLocksAsync"/>).
    /// </summary>
    public DurableTaskBuilder UsePostgres(Action<PostgresOrchestrationServiceSettings>? configure = null)
    {
        UseProvider((host, services, loggers) => PostgresProvider.Create(host, services.GetRequiredService<NpgsqlDataSource>, configure, loggers));
        Services.AddSingleton(sp => (PostgresOrchestrationService)sp.GetRequiredService<IOrchestrationService>());
        return this;
    }

    /// <summary>Keeps the task hub in the provider <paramref name="create"/> makes; it must also be its client, query and purge client.</summary>
    public DurableTaskBuilder UseProvider(Func<DurableTaskHostOptions, IServiceProvider, ILoggerFactory, IOrchestrationService> create)
    {
        Services.AddSingleton(sp => create(
            sp.GetRequiredService<IOptions<DurableTaskHostOptions>>().Value, sp, sp.GetRequiredService<ILoggerFactory>()));
        return this;
    }
}

public static class DurableTaskServiceCollectionExtensions
{
    /// <summary>
    /// Adds the DTFx engine: a <see cref="DurableTaskClient"/> and a hosted worker that runs the orchestrators and activities
    /// registered on the returned builder. Choose the provider on the builder too.
    /// </summary>
    public static DurableTaskBuilder AddLuminaDurableTask(this IServiceCollection services, Action<DurableTaskHostOptions>? configure = null)
    {
        var options = services.AddOptions<DurableTaskHostOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure(o => o.Validate());
        var registrations = new DurableTaskRegistrations();
        services.AddSingleton(registrations);
        services.AddSingleton<DurableTaskClient>(sp => new TaskHubDurableClient(
            sp.GetRequiredService<IOptions<DurableTaskHostOptions>>().Value.TaskHub,
            sp.GetRequiredService<IOrchestrationService>(), registrations, sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<DurableTaskWorkerHost>();
        return new DurableTaskBuilder(services, registrations);
    }
}

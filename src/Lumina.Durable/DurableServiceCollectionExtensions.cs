using Lumina.Durable.Client;
using Lumina.Durable.Hosting;
using Microsoft.DurableTask.Client;
using Lumina.Durable.Storage;
using Lumina.Durable.Worker;
using Lumina.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lumina.Durable;

public static class DurableServiceCollectionExtensions
{
    /// <summary>
    /// Adds the durable runtime: <see cref="IDurableClient"/> (also as <see cref="DurableTaskClient"/>) and the hosted worker, on the task hub of the
    /// process's <c>NpgsqlDataSource</c> (register one). Register orchestrators and activities on the returned
    /// builder. Calling it again returns a builder on the same registrations.
    /// </summary>
    public static DurableBuilder AddLuminaDurable(this IServiceCollection services, Action<DurableOptions>? configure = null)
    {
        var optionsBuilder = services.AddOptions<DurableOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        if (services.FirstOrDefault(d => d.ServiceType == typeof(DurableRegistry))?.ImplementationInstance is DurableRegistry existing)
        {
            return new DurableBuilder(services, existing);
        }

        optionsBuilder.PostConfigure(o => o.Validate());
        var registry = new DurableRegistry();
        services.AddSingleton(registry);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqlExecutor>();
        services.AddSingleton<InstanceStore>();
        services.AddSingleton<OrchestrationStore>();
        services.AddSingleton<ActivityStore>();
        services.AddSingleton<WorkSignals>();
        services.AddSingleton<InFlightWork>();
        services.AddSingleton<SessionCache>();
        services.AddSingleton<OrchestrationDispatcher>();
        services.AddSingleton<ActivityDispatcher>();
        services.AddSingleton<LockRenewer>();
        services.AddSingleton<IDurableClient, DurableClient>();
        services.AddSingleton<IPendingWorkSource>(sp => sp.GetRequiredService<IDurableClient>());
        services.AddSingleton<DurableTaskClient>(sp => new Bridge.LegacyDurableTaskClient(
            sp.GetRequiredService<IDurableClient>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DurableOptions>>().Value.TaskHub));
        services.AddHostedService<DurableWorker>();
        return new DurableBuilder(services, registry);
    }
}

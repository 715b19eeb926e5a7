using DurableTask.Core;
using Lumina.Durable.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Durable.Hosting;

/// <summary>Lumina's PostgreSQL provider on the process's data source, with the host's task hub, worker id and concurrency.</summary>
internal static class PostgresProvider
{
    /// <summary>The provider on the data source <paramref name="configure"/> names, else on the process's (<paramref name="processDataSource"/>).</summary>
    public static IOrchestrationService Create(
        DurableTaskHostOptions host, Func<NpgsqlDataSource> processDataSource, Action<PostgresOrchestrationServiceSettings>? configure, ILoggerFactory loggers)
    {
        var settings = new PostgresOrchestrationServiceSettings
        {
            TaskHub = host.TaskHub,
            WorkerId = host.WorkerId,
            // A client-only process (0 and 0) never starts a worker; the provider still wants counts of at least 1.
            MaxConcurrentOrchestrations = Math.Max(1, host.MaxConcurrentOrchestrations),
            MaxConcurrentActivities = Math.Max(1, host.MaxConcurrentActivities),
        };
        configure?.Invoke(settings);
        if (settings.DataSource is null && string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            settings.DataSource = processDataSource();
        }

        return new PostgresOrchestrationService(settings, loggers);
    }
}

using Lumina.Functions.Configuration;
using Lumina.Postgres;
using Lumina.Storage.Catalog;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Functions.Hosting;

/// <summary>
/// Opens Lumina's database: LUMINA_POSTGRES when set, else the private cluster under LUMINA_HOME
/// (created and started on first use), and brings its schemas up to date.
/// </summary>
public static class LuminaDatabase
{
    private const string DatabaseName = "lumina";

    public static async Task<NpgsqlDataSource> OpenAsync(LuminaSettings settings, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("Lumina.Database");
        string connectionString;
        if (settings.Postgres is { } configured)
        {
            connectionString = configured;
        }
        else
        {
            var cluster = await LocalCluster.EnsureRunningAsync(Path.Combine(settings.Home, "postgres"), new ClusterSettings { BinDirectory = settings.PostgresBin }, logger, ct);
            await cluster.EnsureDatabaseAsync(DatabaseName, ct);
            connectionString = cluster.ConnectionString(DatabaseName);
        }

        // Npgsql's own logging stays off: the SQL executor reports slow calls and retries. No statement leaves session
        // state behind, so pooled connections need no reset (the durable provider makes many short calls).
        var dataSource = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString)
        {
            Name = "lumina",
        }.Build();
        try
        {
            var migrator = new SchemaMigrator(dataSource, loggers.CreateLogger<SchemaMigrator>());
            await migrator.MigrateAsync(CatalogSchema.Scripts, ct);
            return dataSource;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await dataSource.DisposeAsync();
            var target = new NpgsqlConnectionStringBuilder(connectionString);
            var origin = settings.Postgres is null ? $"the private cluster in {settings.Home}" : "LUMINA_POSTGRES";
            throw new PostgresSetupException(
                $"cannot use PostgreSQL at {target.Host}:{target.Port} database '{target.Database}' ({origin}): {e.Message}");
        }
    }
}

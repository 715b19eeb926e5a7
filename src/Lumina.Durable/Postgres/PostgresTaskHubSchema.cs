using Lumina.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Durable.Postgres;

/// <summary>
/// The provider's schema (<c>durabletask.*</c>): versioned migrations and the task hub functions in
/// <c>Postgres/Sql</c>, recorded under component "durabletask".
/// </summary>
public static class PostgresTaskHubSchema
{
    public static SchemaScripts Scripts { get; } = new("durabletask", typeof(PostgresTaskHubSchema).Assembly, "Postgres/Sql");

    /// <summary>Creates or upgrades the schema; safe to run from several processes at once.</summary>
    public static Task MigrateAsync(NpgsqlDataSource dataSource, ILoggerFactory loggerFactory, CancellationToken ct) =>
        new SchemaMigrator(dataSource, loggerFactory.CreateLogger<SchemaMigrator>()).MigrateAsync(Scripts, ct);
}

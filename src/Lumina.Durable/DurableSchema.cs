using Lumina.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Durable;

/// <summary>The durable schema (<c>durable.*</c>): versioned migrations and the task hub functions, under component "durable".</summary>
public static class DurableSchema
{
    public static SchemaScripts Scripts { get; } = new("durable", typeof(DurableSchema).Assembly);

    /// <summary>Creates or upgrades the schema; safe to run from several processes at once.</summary>
    public static Task MigrateAsync(NpgsqlDataSource dataSource, ILoggerFactory loggerFactory, CancellationToken ct) =>
        new SchemaMigrator(dataSource, loggerFactory.CreateLogger<SchemaMigrator>()).MigrateAsync(Scripts, ct);
}

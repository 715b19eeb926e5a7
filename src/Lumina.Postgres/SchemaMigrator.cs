using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Postgres;

/// <summary>
/// Applies a component's versioned scripts in one transaction under an advisory lock, records each
/// applied version in <c>public.lumina_schema_versions</c>, then re-runs its functions script.
/// Several processes may migrate at once; the lock makes the second one find everything applied.
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    private const string VersionsTable = """
        CREATE TABLE IF NOT EXISTS public.lumina_schema_versions (
            component  text        NOT NULL,
            version    int         NOT NULL,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (component, version))
        """;

    public async Task MigrateAsync(SchemaScripts scripts, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock(hashtext('lumina.migrate'))", ct);
        await ExecuteAsync(connection, tx, VersionsTable, ct);

        var applied = new HashSet<int>();
        await using (var cmd = new NpgsqlCommand("SELECT version FROM public.lumina_schema_versions WHERE component = $1", connection, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = scripts.Component });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var migration in scripts.Migrations.Where(m => !applied.Contains(m.Version)))
        {
            logger.LogInformation("applying {Component} schema {Version} {Name}", scripts.Component, migration.Version, migration.Name);
            await ExecuteAsync(connection, tx, scripts.Read(migration), ct);
            await using var record = new NpgsqlCommand(
                "INSERT INTO public.lumina_schema_versions (component, version, name) VALUES ($1, $2, $3)", connection, tx);
            record.Parameters.Add(new NpgsqlParameter { Value = scripts.Component });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
            await record.ExecuteNonQueryAsync(ct);
        }

        if (scripts.Functions is { } functions)
        {
            await ExecuteAsync(connection, tx, functions, ct);
        }

        await tx.CommitAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

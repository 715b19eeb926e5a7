using Lumina.Postgres;
using Npgsql;

namespace Lumina.Storage.Catalog;

/// <summary>Creates and finds catalogs.</summary>
public sealed class CatalogRepository(SqlExecutor sql)
{
    private const string Columns = "id, name, source_kind, source, derived, created_at";

    public Task<CatalogRecord> CreateAsync(Guid id, string name, SourceKind kind, string source, string derived, CancellationToken ct) =>
        sql.RunAsync("create catalog", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand(
                $"INSERT INTO lumina.catalogs (id, name, source_kind, source, derived) VALUES ($1, $2, $3, $4, $5) RETURNING {Columns}", connection);
            cmd.Parameters.Add(new() { Value = id });
            cmd.Parameters.Add(new() { Value = name });
            cmd.Parameters.Add(new() { Value = kind.ToString().ToLowerInvariant() });
            cmd.Parameters.Add(new() { Value = source });
            cmd.Parameters.Add(new() { Value = derived });
            try
            {
                return (await ReadAsync(cmd, token)).Single();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new CatalogException($"a catalog named '{name}' already exists");
            }
        }, ct);

    /// <summary>Deletes a catalog and all its image rows. Callers back it up first unless it is throwaway.</summary>
    public Task DeleteAsync(Guid id, CancellationToken ct) =>
        sql.RunAsync("delete catalog", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand("DELETE FROM lumina.catalogs WHERE id = $1", connection);
            cmd.Parameters.Add(new() { Value = id });
            return await cmd.ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>Records that the catalog's originals were just listed.</summary>
    public Task MarkScannedAsync(Guid id, CancellationToken ct) =>
        sql.RunAsync("record catalog scan", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand("UPDATE lumina.catalogs SET scanned_at = now() WHERE id = $1", connection);
            cmd.Parameters.Add(new() { Value = id });
            return await cmd.ExecuteNonQueryAsync(token);
        }, ct);

    public async Task<CatalogRecord?> FindAsync(string nameOrId, CancellationToken ct) =>
        (await QueryAsync(
            Guid.TryParse(nameOrId, out _) ? $"SELECT {Columns} FROM lumina.catalogs WHERE id = $1::uuid" : $"SELECT {Columns} FROM lumina.catalogs WHERE name = $1",
            nameOrId, ct)).SingleOrDefault();

    /// <summary>The catalog, or a <see cref="CatalogException"/> listing the known catalogs.</summary>
    public async Task<CatalogRecord> GetAsync(string nameOrId, CancellationToken ct)
    {
        if (await FindAsync(nameOrId, ct) is { } catalog)
        {
            return catalog;
        }

        var known = (await ListAsync(ct)).Select(c => c.Name).ToList();
        throw new CatalogException(known.Count == 0
            ? $"no catalog '{nameOrId}': there are no catalogs yet"
            : $"no catalog '{nameOrId}': known catalogs are {string.Join(", ", known)}");
    }

    public Task<IReadOnlyList<CatalogRecord>> ListAsync(CancellationToken ct) =>
        QueryAsync($"SELECT {Columns} FROM lumina.catalogs ORDER BY name", null, ct);

    private Task<IReadOnlyList<CatalogRecord>> QueryAsync(string text, string? argument, CancellationToken ct) =>
        sql.RunAsync("find catalogs", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand(text, connection);
            if (argument is not null)
            {
                cmd.Parameters.Add(new() { Value = argument });
            }

            return await ReadAsync(cmd, token);
        }, ct);

    private static async Task<IReadOnlyList<CatalogRecord>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct) =>
        await cmd.ReadAllAsync(r => new CatalogRecord(
            r.GetGuid(0), r.GetString(1), Enum.Parse<SourceKind>(r.GetString(2), ignoreCase: true),
            r.GetString(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5)), ct);
}

/// <summary>A catalog request that cannot be served as asked (unknown name, duplicate name, ...).</summary>
public sealed class CatalogException(string message) : Exception(message);

using Lumina.Postgres;
using Npgsql;

namespace Lumina.Storage.Catalog;

/// <summary>Creates and finds catalogs.</summary>
public sealed class CatalogRepository(SqlExecutor sql)
{
    private const string Columns = "id, name, source_kind, source, derived, created_at";

    /// <summary>Rows deleted per transaction when a catalog is deleted (images count with what cascades from them).</summary>
    public const int DeleteChunk = 2000;

    /// <summary>Creates a catalog; its name must satisfy <see cref="CatalogNames.Rule"/>.</summary>
    public Task<CatalogRecord> CreateAsync(Guid id, string name, SourceKind kind, string source, string derived, CancellationToken ct) =>
        CatalogNames.Problem(name) is { } problem ? throw new CatalogException(problem) : sql.RunAsync("create catalog", async (connection, token) =>
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
                throw new CatalogException($"a catalog named '{name}' already exists", CatalogFault.Conflict);
            }
        }, ct);

    /// <summary>Deletes a catalog and all its rows (<see cref="DeleteRowsAsync"/>, then the catalog's own row).</summary>
    public async Task<long> DeleteAsync(Guid id, CancellationToken ct)
    {
        var rows = await DeleteRowsAsync(id, DeleteChunk, ct);
        await sql.RunAsync("delete catalog", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand("DELETE FROM lumina.catalogs WHERE id = $1", connection);
            cmd.Parameters.Add(new() { Value = id });
            return await cmd.ExecuteNonQueryAsync(token);
        }, ct);
        return rows;
    }

    /// <summary>Records that the catalog's originals were just listed.</summary>
    public Task MarkScannedAsync(Guid id, CancellationToken ct) =>
        sql.RunAsync("record catalog scan", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand("UPDATE lumina.catalogs SET scanned_at = now() WHERE id = $1", connection);
            cmd.Parameters.Add(new() { Value = id });
            return await cmd.ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>
    /// Deletes every row of a catalog but its own, in transactions of at most <paramref name="chunk"/> rows each, so
    /// that a big catalog holds no locks for long (its images first, by id, each chunk after the last); returns how many. Callers back the catalog up first unless it is
    /// throwaway, and mark it with <see cref="MarkDeletingAsync"/> so that no job starts meanwhile.
    /// </summary>
    public async Task<long> DeleteRowsAsync(Guid id, int chunk, CancellationToken ct)
    {
        long total = 0, after = 0;
        int deleted;
        do
        {
            (deleted, after) = await sql.RunAsync("delete catalog images", async (connection, token) =>
            {
                await using var cmd = CatalogQueries.Command(connection, null, "delete_images", id, after, chunk);
                return (await cmd.ReadAllAsync(r => (r.GetInt32(0), r.GetInt64(1)), token)).Single();
            }, ct);
            total += deleted;
        }
        while (deleted > 0);

        do
        {
            deleted = await sql.RunAsync("delete catalog rows", async (connection, token) =>
            {
                await using var cmd = new NpgsqlCommand("SELECT lumina.delete_catalog_rows($1, $2)", connection);
                cmd.Parameters.Add(new() { Value = id });
                cmd.Parameters.Add(new() { Value = chunk });
                return (int)(await cmd.ExecuteScalarAsync(token))!;
            }, ct);
            total += deleted;
        }
        while (deleted > 0);

        return total;
    }

    /// <summary>
    /// Marks the catalog as being deleted, after which no job of it can be recorded (see <see cref="JobRepository.AddAsync"/>).
    /// Returns false when it was marked already (a delete that was interrupted).
    /// </summary>
    public Task<bool> MarkDeletingAsync(Guid id, bool deleting, CancellationToken ct) =>
        sql.RunAsync("mark catalog deleting", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand(
                deleting
                    ? "UPDATE lumina.catalogs SET deleting_since = now() WHERE id = $1 AND deleting_since IS NULL"
                    : "UPDATE lumina.catalogs SET deleting_since = NULL WHERE id = $1",
                connection);
            cmd.Parameters.Add(new() { Value = id });
            return await cmd.ExecuteNonQueryAsync(token) == 1;
        }, ct);

    /// <summary>The catalog of that id or exact name (names that are no longer valid included), or null.</summary>
    public async Task<CatalogRecord?> FindAsync(string nameOrId, CancellationToken ct) =>
        nameOrId.Contains('\0') ? null : (await QueryAsync(
            Guid.TryParse(nameOrId, out _) ? $"SELECT {Columns} FROM lumina.catalogs WHERE id = $1::uuid" : $"SELECT {Columns} FROM lumina.catalogs WHERE name = $1",
            nameOrId, ct)).SingleOrDefault();

    /// <summary>
    /// The catalog of that id or exact name, or a <see cref="CatalogException"/>: the naming rule when
    /// <paramref name="nameOrId"/> could not be a catalog's name, else the list of known catalogs.
    /// </summary>
    public async Task<CatalogRecord> GetAsync(string nameOrId, CancellationToken ct)
    {
        if (await FindAsync(nameOrId, ct) is { } catalog)
        {
            return catalog;
        }

        if (CatalogNames.Problem(nameOrId) is { } problem)
        {
            throw new CatalogException(problem);
        }

        var known = (await ListAsync(ct)).Select(c => c.Name).ToList();
        throw new CatalogException(
            known.Count == 0 ? $"no catalog '{nameOrId}': there are no catalogs yet" : $"no catalog '{nameOrId}': known catalogs are {string.Join(", ", known)}",
            CatalogFault.NotFound);
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
public sealed class CatalogException(string message, CatalogFault fault = CatalogFault.Invalid) : Exception(message)
{
    public CatalogFault Fault { get; } = fault;
}

/// <summary>What kind of problem a <see cref="CatalogException"/> reports (HTTP answers 400, 404 or 409).</summary>
public enum CatalogFault
{
    Invalid,
    NotFound,
    Conflict,
}

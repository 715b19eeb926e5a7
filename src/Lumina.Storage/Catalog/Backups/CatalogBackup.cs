using System.IO.Compression;
using System.Text.Json;
using Lumina.Postgres;
using Npgsql;

namespace Lumina.Storage.Catalog.Backups;

/// <summary>
/// A compressed snapshot of one catalog's metadata: a zip holding <c>manifest.json</c> and one CSV per
/// table (PostgreSQL COPY, so every value round-trips exactly). Restoring replaces the catalog's rows
/// with the snapshot's, ids included, in one transaction.
/// </summary>
public sealed class CatalogBackup(SqlExecutor sql)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public Task<BackupManifest> WriteAsync(CatalogRecord catalog, Stream output, CancellationToken ct) =>
        sql.InTransactionAsync("back up catalog", async (connection, tx, token) =>
        {
            // One repeatable-read snapshot, so the tables agree with each other.
            await using (var isolation = new NpgsqlCommand("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", connection, tx))
            {
                await isolation.ExecuteNonQueryAsync(token);
            }

            using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
            var rows = new Dictionary<string, long>();
            foreach (var (table, query) in BackupTables.All)
            {
                var entry = zip.CreateEntry($"{table}.csv", CompressionLevel.Fastest);
                await using var writer = new StreamWriter(await entry.OpenAsync(token));
                var rowQuery = string.Format(query, catalog.Id);
                using (var reader = await connection.BeginTextExportAsync($"COPY ({rowQuery}) TO STDOUT WITH (FORMAT csv, HEADER true)", token))
                {
                    await CopyAsync(reader, writer, token);
                }

                await using var count = new NpgsqlCommand($"SELECT count(*) FROM ({rowQuery}) r", connection, tx);
                rows[table] = (long)(await count.ExecuteScalarAsync(token))!;
            }

            var manifest = new BackupManifest(
                BackupManifest.Name, BackupManifest.CurrentVersion, catalog, await SchemaVersionAsync(connection, tx, token), DateTimeOffset.UtcNow, rows);
            await using (var stream = await zip.CreateEntry("manifest.json").OpenAsync(token))
            {
                await JsonSerializer.SerializeAsync(stream, manifest, Json, token);
            }

            return manifest;
        }, ct);

    /// <summary>Reads only the manifest of a backup.</summary>
    public static async Task<BackupManifest> ReadManifestAsync(Stream backup, CancellationToken ct)
    {
        using var zip = await OpenAsync(backup, ct);
        return await ReadManifestAsync(zip, ct);
    }

    /// <summary>
    /// Replaces the catalog's metadata with the backup's (creating the catalog if it is gone). The caller
    /// backs up the current state first.
    /// </summary>
    public Task<BackupManifest> RestoreAsync(Stream backup, CancellationToken ct) =>
        sql.InTransactionAsync("restore catalog", async (connection, tx, token) =>
        {
            using var zip = await OpenAsync(backup, token);
            var manifest = await ReadManifestAsync(zip, token);
            var current = await SchemaVersionAsync(connection, tx, token);
            if (manifest.SchemaVersion > current)
            {
                throw new CatalogException($"the backup was taken with catalog schema {manifest.SchemaVersion}, newer than this database's {current}: upgrade Lumina first");
            }

            var catalog = manifest.Catalog;
            await ExecuteAsync(connection, tx, token, """
                INSERT INTO lumina.catalogs (id, name, source_kind, source, derived, created_at) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, source_kind = excluded.source_kind, source = excluded.source,
                    derived = excluded.derived, created_at = excluded.created_at
                """, catalog.Id, catalog.Name, catalog.SourceKind.ToString().ToLowerInvariant(), catalog.Source, catalog.Derived, catalog.CreatedAt);
            await ExecuteAsync(connection, tx, token, "DELETE FROM lumina.duplicate_groups WHERE catalog_id = $1", catalog.Id);
            await ExecuteAsync(connection, tx, token, "DELETE FROM lumina.bursts WHERE catalog_id = $1", catalog.Id);
            await ExecuteAsync(connection, tx, token, "DELETE FROM lumina.catalog_phases WHERE catalog_id = $1", catalog.Id);
            await ExecuteAsync(connection, tx, token, "DELETE FROM lumina.images WHERE catalog_id = $1", catalog.Id);

            foreach (var (table, _) in BackupTables.All)
            {
                var entry = zip.GetEntry($"{table}.csv");
                if (entry is null && BackupTables.AddedInSchema.TryGetValue(table, out var added) && manifest.SchemaVersion < added)
                {
                    continue;
                }

                if (entry is null)
                {
                    throw new CatalogException($"the backup has no {table}.csv: it is damaged or not a Lumina backup");
                }
                using var reader = new StreamReader(await entry.OpenAsync(token));
                var header = await reader.ReadLineAsync(token) ?? throw new CatalogException($"{table}.csv in the backup is empty");
                var columns = await CheckColumnsAsync(connection, tx, table, header, token);
                await using var writer = await connection.BeginTextImportAsync($"COPY lumina.{table} ({columns}) FROM STDIN WITH (FORMAT csv)", token);
                await CopyAsync(reader, writer, token);
            }

            foreach (var table in BackupTables.WithIdentity)
            {
                await ExecuteAsync(connection, tx, token, $"""
                    SELECT setval(pg_get_serial_sequence('lumina.{table}', 'id'),
                                  GREATEST((SELECT COALESCE(max(id), 1) FROM lumina.{table}),
                                           (SELECT last_value FROM {SequenceName(table)})))
                    """);
            }

            return manifest;
        }, ct);

    private static string SequenceName(string table) => $"lumina.{table}_id_seq";

    private static async Task<ZipArchive> OpenAsync(Stream backup, CancellationToken ct)
    {
        try
        {
            return await ZipArchive.CreateAsync(backup, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, ct);
        }
        catch (InvalidDataException e)
        {
            throw new CatalogException($"not a Lumina backup (not a zip archive): {e.Message}");
        }
    }

    private static async Task<BackupManifest> ReadManifestAsync(ZipArchive zip, CancellationToken ct)
    {
        var entry = zip.GetEntry("manifest.json") ?? throw new CatalogException("not a Lumina backup: manifest.json is missing");
        await using var stream = await entry.OpenAsync(ct);
        var manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(stream, Json, ct);
        return manifest is { Format: BackupManifest.Name } && manifest.FormatVersion <= BackupManifest.CurrentVersion
            ? manifest
            : throw new CatalogException($"not a Lumina backup this version can read (format {manifest?.Format} {manifest?.FormatVersion})");
    }

    private static async Task<int> SchemaVersionAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT max(version) FROM public.lumina_schema_versions WHERE component = 'catalog'", connection, tx);
        return (int)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// The header's column names, each checked to be a column of the table: a backup file is input, and
    /// its header ends up in a COPY statement.
    /// </summary>
    private static async Task<string> CheckColumnsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string table, string header, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'lumina' AND table_name = $1", connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = table });
        var known = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                known.Add(reader.GetString(0));
            }
        }

        var columns = header.Split(',');
        var unknown = columns.Where(c => !known.Contains(c)).ToList();
        return unknown.Count == 0
            ? string.Join(", ", columns.Select(c => $"\"{c}\""))
            : throw new CatalogException($"{table}.csv in the backup has columns this database does not know: {string.Join(", ", unknown)}");
    }

    private static async Task CopyAsync(TextReader reader, TextWriter writer, CancellationToken ct)
    {
        var buffer = new char[1 << 16];
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            await writer.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct, string text, params object[] parameters)
    {
        await using var cmd = new NpgsqlCommand(text, connection, tx);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        await cmd.ExecuteNonQueryAsync(ct);
    }
}

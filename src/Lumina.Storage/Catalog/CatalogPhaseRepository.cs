using System.Text.Json;
using Lumina.Core.Bursts;
using Lumina.Core.Duplicates;
using Lumina.Core.Hashing;
using Lumina.Core.Picks;
using Lumina.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Lumina.Storage.Catalog;

/// <summary>Reads and writes what the catalog-wide phases (geohash, duplicates, bursts, flags) work on.</summary>
public sealed class CatalogPhaseRepository(SqlExecutor sql)
{
    /// <summary>The query of what duplicate detection reads.</summary>
    public const string DuplicateCandidates = "duplicate_candidates";

    /// <summary>The query of what burst detection reads.</summary>
    public const string BurstCandidates = "burst_candidates";

    /// <summary>
    /// The command timeout, in seconds, of the statements that read or replace a phase's results over the whole
    /// catalog at once (a fingerprint, the candidates, the groups' replacement): a million images take tens of
    /// seconds on a busy 2-core machine, over Npgsql's default of 30.
    /// </summary>
    public const int WholeCatalogSeconds = 600;

    /// <summary>
    /// The first <paramref name="limit"/> images after id <paramref name="after"/>, by id, that need a geohash (all with
    /// <paramref name="all"/>), only those at <paramref name="paths"/> when given.
    /// </summary>
    public Task<IReadOnlyList<(long Id, double? Latitude, double? Longitude)>> ReadGeohashPendingAsync(
        Guid catalogId, int version, bool all, IReadOnlyList<string>? paths, long after, int limit, CancellationToken ct) =>
        sql.InTransactionAsync("geohash_pending", async (connection, tx, token) =>
        {
            await NoJitAsync(connection, tx, token);
            await using var cmd = CatalogQueries.Command(connection, tx, "geohash_pending",
                catalogId, version, all, new NpgsqlParameter { Value = (object?)paths?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                after, limit);
            return (IReadOnlyList<(long, double?, double?)>)await cmd.ReadAllAsync(
                r => (r.GetInt64(0), r.IsDBNull(1) ? (double?)null : r.GetDouble(1), r.IsDBNull(2) ? (double?)null : r.GetDouble(2)), token);
        }, ct);

    /// <summary>Saves one chunk of geohashes, in a transaction of its own.</summary>
    public Task SaveGeohashesAsync(long[] ids, string?[] geohashes, int version, CancellationToken ct) =>
        sql.InTransactionAsync("save geohashes", (connection, tx, token) =>
            ExecuteAsync(connection, tx, "geohash_save", [ids, geohashes, version], token), ct);

    /// <summary>Records every RAW+JPEG pair of the catalog that its images make (batches saved side by side can miss one); returns the pairs added.</summary>
    public Task<int> PairRawFilesAsync(Guid catalogId, CancellationToken ct) =>
        sql.RunAsync("pair RAW files", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand("SELECT lumina.pair_raw_files($1, NULL)", connection) { CommandTimeout = WholeCatalogSeconds };
            cmd.Parameters.Add(new() { Value = catalogId });
            return (int)(await cmd.ExecuteScalarAsync(token))!;
        }, ct);

    /// <summary>The candidates, the time they were read and the fingerprint of them, which the phase record keeps.</summary>
    public Task<PhaseInputs<DuplicateCandidate>> ReadDuplicateCandidatesAsync(Guid catalogId, CancellationToken ct) =>
        ReadWithTimeAsync(DuplicateCandidates, catalogId, r => new DuplicateCandidate(
            r.GetInt64(0),
            r.IsDBNull(1) ? null : r.GetFieldValue<byte[]>(1),
            Hash(r, 2),
            r.IsDBNull(3) ? null : new DifferenceVariants(Hash(r, 3)!.Value, Hash(r, 4)!.Value, Hash(r, 5)!.Value),
            r.IsDBNull(6) ? null : Array.ConvertAll(r.GetFieldValue<long[]>(6), h => unchecked((ulong)h)),
            Traits(r, 7),
            r.IsDBNull(17) || r.IsDBNull(18) || r.IsDBNull(19) ? null : (Hash(r, 17)!.Value, Hash(r, 18)!.Value, Hash(r, 19)!.Value)), ct);

    public Task<PhaseInputs<BurstCandidate>> ReadBurstCandidatesAsync(Guid catalogId, CancellationToken ct) =>
        ReadWithTimeAsync(BurstCandidates, catalogId, r => new BurstCandidate(
            r.GetInt64(0),
            r.GetString(1),
            r.GetDateTime(2),
            r.IsDBNull(3) ? null : r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4),
            r.IsDBNull(5) ? null : r.GetInt32(5),
            Traits(r, 6)), ct);

    /// <summary>
    /// When the phase's candidates (<see cref="DuplicateCandidates"/> or <see cref="BurstCandidates"/>) are what
    /// its last run at <paramref name="version"/> with <paramref name="parameters"/> read (plus <paramref name="extra"/>
    /// inputs), records that its results are current as of now and returns when it last ran; else null.
    /// </summary>
    public Task<DateTimeOffset?> ConfirmIfUnchangedAsync(
        Guid catalogId, string phase, string candidates, int version, object parameters, string extra, CancellationToken ct) =>
        sql.InTransactionAsync("compare phase inputs", async (connection, tx, token) =>
        {
            await using (var ran = CatalogQueries.Command(connection, tx, "phase_ran", catalogId, phase, version, Json(parameters)))
            {
                if (!(bool)(await ran.ExecuteScalarAsync(token))!)
                {
                    return null;
                }
            }

            var (readAt, inputs) = await FingerprintAsync(connection, tx, candidates, catalogId, token);
            await using var cmd = CatalogQueries.Command(connection, tx, "phase_unchanged", catalogId, phase, version, Json(parameters), inputs + extra, readAt);
            return await cmd.ExecuteScalarAsync(token) is DateTime last ? new DateTimeOffset(last, TimeSpan.Zero) : (DateTimeOffset?)null;
        }, ct);

    /// <summary>Whether the catalog has results of the phase that a new run would replace.</summary>
    public Task<bool> HasResultsAsync(Guid catalogId, string table, CancellationToken ct) =>
        sql.RunAsync("look for results", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand(
                table switch
                {
                    "duplicate_groups" => "SELECT EXISTS (SELECT 1 FROM lumina.duplicate_groups WHERE catalog_id = $1)",
                    "bursts" => "SELECT EXISTS (SELECT 1 FROM lumina.bursts WHERE catalog_id = $1)",
                    _ => throw new ArgumentException($"no results table {table}", nameof(table)),
                }, connection);
            cmd.Parameters.Add(new() { Value = catalogId });
            return (bool)(await cmd.ExecuteScalarAsync(token))!;
        }, ct);

    /// <summary>Replaces the catalog's duplicate groups and records the phase, in one transaction.</summary>
    public Task SaveDuplicateGroupsAsync(
        Guid catalogId, IReadOnlyList<DuplicateGroup> groups, int threshold, object parameters, PhaseRecord read, int version, CancellationToken ct) =>
        sql.InTransactionAsync("save duplicate groups", async (connection, tx, token) =>
        {
            await DeleteAsync(connection, tx, "DELETE FROM lumina.duplicate_groups WHERE catalog_id = $1", catalogId, token);
            var ids = await NextIdsAsync(connection, tx, "duplicate_groups", groups.Count, token);
            await CopyAsync(connection, "duplicate_groups (id, catalog_id, best_image_id, threshold)", groups.Select((g, i) => new object[] { ids[i], catalogId, g.BestId, threshold }), token);
            await CopyAsync(connection, "duplicate_members (group_id, image_id, distance, exact_copy, best_reason)",
                groups.SelectMany((g, i) => g.Members.Select(m => new object[] { ids[i], m.Id, m.Distance, m.ExactCopy, m.BestReason })), token);
            await ExecuteAsync(connection, tx, "phase_completed", [catalogId, "duplicates", version, Json(parameters), read.ReadAt, read.Inputs], token);
        }, ct);

    /// <summary>Replaces the catalog's bursts and records the phase, in one transaction.</summary>
    public Task SaveBurstsAsync(
        Guid catalogId, IReadOnlyList<Burst> bursts, IReadOnlyDictionary<long, BurstCandidate> candidates, object parameters, PhaseRecord read, int version,
        CancellationToken ct) =>
        sql.InTransactionAsync("save bursts", async (connection, tx, token) =>
        {
            await DeleteAsync(connection, tx, "DELETE FROM lumina.bursts WHERE catalog_id = $1", catalogId, token);
            var ids = await NextIdsAsync(connection, tx, "bursts", bursts.Count, token);
            await CopyAsync(connection, "bursts (id, catalog_id, best_image_id, camera, started_at, ended_at, best_reason)", bursts.Select((b, i) => new object[]
            {
                ids[i], catalogId, b.BestId, candidates[b.Members[0]].Camera!, candidates[b.Members[0]].CaptureTime!.Value, candidates[b.Members[^1]].CaptureTime!.Value,
                b.BestReason,
            }), token);
            await CopyAsync(connection, "burst_members (burst_id, image_id, position)",
                bursts.SelectMany((b, i) => b.Members.Select((m, position) => new object[] { ids[i], m, position })), token);
            await ExecuteAsync(connection, tx, "phase_completed", [catalogId, "bursts", version, Json(parameters), read.ReadAt, read.Inputs], token);
        }, ct);

    /// <summary>Flags present images that hold a step's data but lack its flag; returns the flags added per step.</summary>
    public Task<IReadOnlyDictionary<string, long>> BackfillFlagsAsync(Guid catalogId, IReadOnlyDictionary<string, int> versions, CancellationToken ct) =>
        sql.InTransactionAsync("backfill processing flags", async (connection, tx, token) =>
        {
            await using var cmd = CatalogQueries.Command(connection, tx, "backfill_flags",
                catalogId, new NpgsqlParameter { Value = JsonSerializer.Serialize(versions), NpgsqlDbType = NpgsqlDbType.Jsonb });
            cmd.CommandTimeout = WholeCatalogSeconds;
            var added = await cmd.ReadAllAsync(r => (Step: r.GetString(0), Count: r.GetInt64(1)), token);
            return (IReadOnlyDictionary<string, long>)added.ToDictionary(a => a.Step, a => a.Count);
        }, ct);

    /// <summary>Width, height, format, file size, JPEG quality, colourfulness, camera EXIF, camera thumbnail difference, quality score and sharpness, from <paramref name="first"/> on.</summary>
    private static PickTraits Traits(NpgsqlDataReader r, int first) => new(
        r.IsDBNull(first) ? null : r.GetInt32(first),
        r.IsDBNull(first + 1) ? null : r.GetInt32(first + 1),
        r.IsDBNull(first + 2) ? null : r.GetString(first + 2),
        r.GetInt64(first + 3),
        r.IsDBNull(first + 4) ? null : r.GetInt16(first + 4),
        r.IsDBNull(first + 5) ? null : r.GetFloat(first + 5),
        !r.IsDBNull(first + 6) && r.GetBoolean(first + 6),
        r.IsDBNull(first + 7) ? null : r.GetFloat(first + 7),
        r.IsDBNull(first + 8) ? null : r.GetDouble(first + 8),
        r.IsDBNull(first + 9) ? null : r.GetDouble(first + 9));

    /// <summary>
    /// Turns off JIT compilation for the transaction: a chunk of a catalog-wide pass is planned as costly enough for
    /// it, and compiling takes longer than running the chunk (a quarter of a second, on every chunk).
    /// </summary>
    private static async Task NoJitAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SET LOCAL jit = off", connection, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static ulong? Hash(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : unchecked((ulong)reader.GetInt64(column));

    private static NpgsqlParameter Json(object value) => new() { Value = JsonSerializer.Serialize(value), NpgsqlDbType = NpgsqlDbType.Jsonb };

    private static async Task<long[]> NextIdsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string table, int count, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"SELECT nextval(pg_get_serial_sequence('lumina.{table}', 'id')) FROM generate_series(1, $1)", connection, tx);
        cmd.Parameters.Add(new() { Value = count });
        var ids = new List<long>(count);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetInt64(0));
        }

        return [.. ids];
    }

    /// <summary>Bulk-inserts rows (values in column order) with binary COPY.</summary>
    private static async Task CopyAsync(NpgsqlConnection connection, string target, IEnumerable<object[]> rows, CancellationToken ct)
    {
        await using var import = await connection.BeginBinaryImportAsync($"COPY lumina.{target} FROM STDIN (FORMAT binary)", ct);
        import.Timeout = TimeSpan.FromSeconds(WholeCatalogSeconds);
        foreach (var row in rows)
        {
            await import.StartRowAsync(ct);
            foreach (var value in row)
            {
                await (value switch
                {
                    DateTime time => import.WriteAsync(time, NpgsqlDbType.Timestamp, ct),
                    _ => import.WriteAsync(value, ct),
                });
            }
        }

        await import.CompleteAsync(ct);
    }

    private static async Task DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string text, Guid catalogId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(text, connection, tx) { CommandTimeout = WholeCatalogSeconds };
        cmd.Parameters.Add(new() { Value = catalogId });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string query, object[] parameters, CancellationToken ct)
    {
        await using var cmd = CatalogQueries.Command(connection, tx, query, parameters);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The candidates and, in the same pass, their fingerprint (as <see cref="FingerprintAsync"/> makes it: the count
    /// and the sum of the rows' hashes), so that a million rows are read once, not twice.
    /// </summary>
    private Task<PhaseInputs<T>> ReadWithTimeAsync<T>(string query, Guid catalogId, Func<NpgsqlDataReader, T> read, CancellationToken ct) =>
        sql.InTransactionAsync(query, async (connection, tx, token) =>
        {
            // One snapshot, so that the fingerprint is of exactly the candidates read.
            await using (var isolation = new NpgsqlCommand("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", connection, tx))
            {
                await isolation.ExecuteNonQueryAsync(token);
            }

            await using var now = new NpgsqlCommand("SELECT now()", connection, tx);
            var readAt = new DateTimeOffset((DateTime)(await now.ExecuteScalarAsync(token))!, TimeSpan.Zero);
            await using var cmd = new NpgsqlCommand($"SELECT c.*, {RowHash} FROM (\n{CandidatesQuery(query)}\n) c", connection, tx)
            {
                CommandTimeout = WholeCatalogSeconds,
            };
            cmd.Parameters.Add(new() { Value = catalogId });
            var rows = new List<T>();
            Int128 sum = 0;
            await using (var reader = await cmd.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    rows.Add(read(reader));
                    sum += reader.GetInt64(reader.FieldCount - 1);
                }
            }

            return new PhaseInputs<T>(new PhaseRecord(readAt, FormattableString.Invariant($"{rows.Count}:{sum}")), rows);
        }, ct);

    /// <summary>A candidate row's hash, of its values as they are (three times faster than hashing its text at a million rows).</summary>
    private const string RowHash = "hash_record_extended(c, 0)";

    private static string CandidatesQuery(string query) => EmbeddedSql.Query(typeof(CatalogPhaseRepository).Assembly, query).TrimEnd().TrimEnd(';');

    /// <summary>The time and a fingerprint of a candidates query's rows (their count and the sum of their hashes).</summary>
    private static async Task<(DateTimeOffset ReadAt, string Inputs)> FingerprintAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string query, Guid catalogId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"SELECT now(), count(*) || ':' || coalesce(sum({RowHash}), 0) FROM (\n{CandidatesQuery(query)}\n) c", connection, tx)
        {
            CommandTimeout = WholeCatalogSeconds,
        };
        cmd.Parameters.Add(new() { Value = catalogId });
        return (await cmd.ReadAllAsync(r => (new DateTimeOffset(r.GetDateTime(0), TimeSpan.Zero), r.GetString(1)), ct)).Single();
    }
}

/// <summary>When a catalog-wide phase read its inputs, and their fingerprint.</summary>
public sealed record PhaseRecord(DateTimeOffset ReadAt, string Inputs)
{
    public PhaseRecord WithExtra(string extra) => this with { Inputs = Inputs + extra };
}

/// <summary>A phase's candidates with when they were read and their fingerprint.</summary>
public sealed record PhaseInputs<T>(PhaseRecord Read, IReadOnlyList<T> Candidates);

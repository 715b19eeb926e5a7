using System.Text.Json;
using Lumina.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Lumina.Storage.Catalog.Health;

/// <summary>Reads a catalog's coverage, groups and failures for the health report; each query counts or lists the whole catalog.</summary>
public sealed class HealthRepository(SqlExecutor sql)
{
    public Task<HealthData> ReadAsync(Guid catalogId, IReadOnlyDictionary<string, int> steps, CancellationToken ct) =>
        sql.InTransactionAsync("read catalog health", async (connection, tx, token) =>
        {
            await using (var snapshot = new NpgsqlCommand("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", connection, tx))
            {
                await snapshot.ExecuteNonQueryAsync(token);
            }

            var counts = (await QueryAsync(connection, tx, "health_counts", catalogId, null, r => new HealthCounts(
                r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6),
                r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11), r.GetInt64(12),
                r.IsDBNull(13) ? null : r.GetFieldValue<DateTimeOffset>(13), r.IsDBNull(14) ? null : r.GetFieldValue<DateTimeOffset>(14)), token)).Single();
            var stepCounts = await QueryAsync(connection, tx, "health_steps", catalogId, JsonSerializer.Serialize(steps),
                r => new StepCounts(r.GetString(0), r.GetInt32(1), r.GetInt64(2), r.GetInt64(3)), token);
            var phases = await QueryAsync(connection, tx, "health_phases", catalogId, null,
                r => new PhaseRun(r.GetString(0), r.GetInt32(1), r.GetFieldValue<DateTimeOffset>(2), r.GetInt64(3)), token);
            var duplicates = Group(await QueryAsync(connection, tx, "health_duplicates", catalogId, null,
                r => (r.GetInt64(0), (string?)null, new GroupMember(r.GetString(1), r.GetBoolean(4), r.GetInt32(2), r.GetBoolean(3), Reason(r, 6))), token));
            var bursts = Group(await QueryAsync(connection, tx, "health_bursts", catalogId, null,
                r => (r.GetInt64(0), (string?)$"{r.GetString(4)} {r.GetDateTime(5):yyyy-MM-ddTHH:mm:ss}", new GroupMember(r.GetString(1), r.GetBoolean(3), null, false, Reason(r, 7))), token));
            var failures = await QueryAsync(connection, tx, "health_failures", catalogId, null,
                r => new FailedImage(r.GetString(0), r.GetString(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3)), token);
            return new HealthData(counts, stepCounts, phases, duplicates, bursts, failures);
        }, ct);

    private static string? Reason(NpgsqlDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);

    private static List<GroupRows> Group(IEnumerable<(long Id, string? Label, GroupMember Member)> rows) =>
        rows.GroupBy(r => r.Id).Select(g => new GroupRows(g.Key, g.First().Label, g.Select(r => r.Member).ToList())).ToList();

    private static async Task<List<T>> QueryAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction tx, string query, Guid catalogId, string? json, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var cmd = json is null
            ? CatalogQueries.Command(connection, tx, query, catalogId)
            : CatalogQueries.Command(connection, tx, query, catalogId, new NpgsqlParameter { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.CommandTimeout = CatalogPhaseRepository.WholeCatalogSeconds;
        return await cmd.ReadAllAsync(read, ct);
    }
}

using System.Runtime.CompilerServices;
using Lumina.Postgres;
using Npgsql;

namespace Lumina.Storage.Catalog;

/// <summary>Streams a catalog's images for export: the present ones, and the removed ones when asked.</summary>
public sealed class ExportRepository(SqlExecutor sql)
{
    private static readonly string Query = EmbeddedSql.Query(typeof(ExportRepository).Assembly, "export_images");

    public IAsyncEnumerable<ExportRecord> ReadAsync(Guid catalogId, CancellationToken ct) => ReadAsync(catalogId, includeRemoved: false, ct);

    public IAsyncEnumerable<ExportRecord> ReadAsync(Guid catalogId, bool includeRemoved, CancellationToken ct) => ReadAsync(catalogId, null, includeRemoved, ct);

    /// <summary>One image's record (removed or not), or null when the catalog has no such image.</summary>
    public async Task<ExportRecord?> ReadImageAsync(Guid catalogId, long imageId, CancellationToken ct) =>
        await ReadAsync(catalogId, imageId, includeRemoved: true, ct).FirstOrDefaultAsync(ct);

    private async IAsyncEnumerable<ExportRecord> ReadAsync(Guid catalogId, long? imageId, bool includeRemoved, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await sql.DataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(Query, connection);
        cmd.Parameters.Add(new() { Value = catalogId });
        cmd.Parameters.Add(new() { Value = (object?)imageId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = includeRemoved });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            T? Get<T>(int i) where T : struct => reader.IsDBNull(i) ? null : reader.GetFieldValue<T>(i);
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            ulong? Hash(int i) => reader.IsDBNull(i) ? null : unchecked((ulong)reader.GetInt64(i));

            yield return new ExportRecord(
                reader.GetString(0), Get<DateTime>(1), Get<bool>(2) ?? false, Text(3), Text(4), Text(5), Text(6), Text(7),
                Get<int>(8), Get<double>(9), Get<double>(10), Get<double>(11), Get<double>(12), Get<double>(13), Get<double>(14),
                Text(15), reader.GetInt64(16), Get<int>(17), Get<int>(18), Get<short>(19),
                Hash(20), Hash(21), Hash(22), Hash(23), reader.IsDBNull(24) ? null : reader.GetFieldValue<byte[]>(24),
                Get<double>(25), Text(26), Text(27), Text(28), Text(29),
                reader.IsDBNull(30) ? [] : reader.GetFieldValue<string[]>(30), reader.GetBoolean(31),
                Text(32), Get<long>(33), Get<bool>(34), Get<long>(35), Get<bool>(36),
                reader.IsDBNull(37) ? [] : reader.GetFieldValue<string[]>(37),
                Text(38), Text(39), Text(40), Text(41), Text(42), reader.GetInt64(43), Text(44), Text(45));
        }
    }
}

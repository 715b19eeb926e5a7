using Lumina.Postgres;

namespace Lumina.Storage.Catalog;

/// <summary>A blob version whose processing failed every attempt.</summary>
public sealed record PoisonBlob(string Name, string ETag, int Attempts, string? Error, DateTimeOffset At);

/// <summary>
/// Receipts of the blob upload trigger: a blob version (name + ETag) is claimed by exactly one host,
/// then marked done or poison.
/// </summary>
public sealed class ReceiptRepository(SqlExecutor sql)
{
    /// <summary>Claims the versions no host claimed before; returns those this call claimed.</summary>
    public Task<IReadOnlyList<(string Name, string ETag)>> ClaimAsync(Guid catalogId, IReadOnlyList<(string Name, string ETag)> versions, CancellationToken ct) =>
        sql.ReadAsync("receipt_claim", [catalogId, versions.Select(v => v.Name).ToArray(), versions.Select(v => v.ETag).ToArray()],
            r => (r.GetString(0), r.GetString(1)), ct);

    public Task FinishAsync(Guid catalogId, string name, string etag, bool done, int attempts, string? error, CancellationToken ct) =>
        sql.RunAsync("finish receipt", async (connection, token) =>
        {
            await using var cmd = CatalogQueries.Command(connection, null, "receipt_finish",
                catalogId, name, etag, done ? "done" : "poison", attempts, (object?)error ?? DBNull.Value);
            return await cmd.ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>Blob versions that need no processing: receipts, and images analyzed cleanly from that version.</summary>
    public async Task<IReadOnlySet<(string Name, string ETag)>> KnownAsync(Guid catalogId, CancellationToken ct) =>
        (await sql.ReadAsync("receipt_known", [catalogId], r => (r.GetString(0), r.GetString(1)), ct)).ToHashSet();

    public Task<IReadOnlyList<PoisonBlob>> PoisonAsync(Guid catalogId, CancellationToken ct) =>
        sql.ReadAsync("receipt_poison", [catalogId],
            r => new PoisonBlob(r.GetString(0), r.GetString(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetFieldValue<DateTimeOffset>(4)), ct);

    public async Task<IReadOnlyDictionary<string, long>> CountsAsync(Guid catalogId, CancellationToken ct) =>
        (await sql.ReadAsync("receipt_counts", [catalogId], r => (r.GetString(0), r.GetInt64(1)), ct)).ToDictionary(c => c.Item1, c => c.Item2);
}

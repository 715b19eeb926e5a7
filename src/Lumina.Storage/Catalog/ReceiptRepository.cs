using Lumina.Postgres;
using NpgsqlTypes;

namespace Lumina.Storage.Catalog;

/// <summary>A blob version whose processing failed every attempt.</summary>
public sealed record PoisonBlob(string Name, string ETag, int Attempts, string? Error, DateTimeOffset At);

/// <summary>
/// A blob version not settled yet: <see cref="State"/> is "processing", "retrying" (waiting for <see cref="NextTry"/>),
/// "stopped" (claimed by a host that stopped before scheduling its ingest) or "overdue" (no host is running its ingest).
/// </summary>
public sealed record PendingBlob(
    string Name, string ETag, string Status, string State, int Attempts, string? Error, DateTimeOffset? NextTry, DateTimeOffset Since);

/// <summary>
/// Receipts of the blob upload trigger: a blob version (name + ETag) is claimed by one host for a lease, which
/// ends when its ingest is scheduled (or expires, and another host claims it again); the ingest then records
/// retries and how it ended (done, superseded by a newer version, or poison).
/// </summary>
public sealed class ReceiptRepository(SqlExecutor sql)
{
    /// <summary>Claims for <paramref name="lease"/> the versions no live claim or receipt holds; returns those this call claimed.</summary>
    public Task<IReadOnlyList<(string Name, string ETag)>> ClaimAsync(
        Guid catalogId, IReadOnlyList<(string Name, string ETag)> versions, TimeSpan lease, CancellationToken ct) =>
        sql.ReadAsync("receipt_claim", [catalogId, Names(versions), ETags(versions), lease.TotalSeconds],
            r => (r.GetString(0), r.GetString(1)), ct);

    /// <summary>The claimed versions' ingests are scheduled: their claims no longer expire.</summary>
    public Task ScheduledAsync(Guid catalogId, IReadOnlyList<(string Name, string ETag)> versions, CancellationToken ct) =>
        sql.ExecuteAsync("receipt_scheduled", [catalogId, Names(versions), ETags(versions)], ct);

    /// <summary>
    /// Records a version's state: <paramref name="status"/> is "retrying" (with <paramref name="nextTry"/>), "done",
    /// "superseded" or "poison". Done or poison supersedes the poison records of the blob's other versions.
    /// </summary>
    public Task RecordAsync(
        Guid catalogId, string name, string etag, string status, int attempts, string? error, DateTimeOffset? nextTry, CancellationToken ct) =>
        sql.ExecuteAsync("receipt_record",
            [catalogId, name, etag, status, attempts, (object?)error ?? DBNull.Value,
                new Npgsql.NpgsqlParameter { Value = (object?)nextTry ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz }], ct);

    /// <summary>Blob versions that need no processing: receipts (but expired claims), and images analyzed cleanly from that version.</summary>
    public async Task<IReadOnlySet<(string Name, string ETag)>> KnownAsync(Guid catalogId, CancellationToken ct) =>
        (await sql.ReadAsync("receipt_known", [catalogId], r => (r.GetString(0), r.GetString(1)), ct)).ToHashSet();

    /// <summary>Versions whose claim expired before their ingest was scheduled: their host stopped.</summary>
    public Task<IReadOnlyList<(string Name, string ETag)>> ExpiredAsync(Guid catalogId, CancellationToken ct) =>
        sql.ReadAsync("receipt_expired", [catalogId], r => (r.GetString(0), r.GetString(1)), ct);

    public Task<IReadOnlyList<PoisonBlob>> PoisonAsync(Guid catalogId, CancellationToken ct) =>
        sql.ReadAsync("receipt_poison", [catalogId],
            r => new PoisonBlob(r.GetString(0), r.GetString(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetFieldValue<DateTimeOffset>(4)), ct);

    /// <summary>Versions not settled yet, oldest first; one whose retry or analysis is more than <paramref name="late"/> late is "overdue".</summary>
    public Task<IReadOnlyList<PendingBlob>> PendingAsync(Guid catalogId, TimeSpan late, CancellationToken ct) =>
        sql.ReadAsync("receipt_pending", [catalogId, late.TotalSeconds],
            r => new PendingBlob(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(7), r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5), r.GetFieldValue<DateTimeOffset>(6)), ct);

    public async Task<IReadOnlyDictionary<string, long>> CountsAsync(Guid catalogId, CancellationToken ct) =>
        (await sql.ReadAsync("receipt_counts", [catalogId], r => (r.GetString(0), r.GetInt64(1)), ct)).ToDictionary(c => c.Item1, c => c.Item2);

    private static string[] Names(IReadOnlyList<(string Name, string ETag)> versions) => [.. versions.Select(v => v.Name)];

    private static string[] ETags(IReadOnlyList<(string Name, string ETag)> versions) => [.. versions.Select(v => v.ETag)];
}

using Lumina.Postgres;
using NpgsqlTypes;

namespace Lumina.Storage.Catalog;

/// <summary>A move of a catalog's rejected originals: where they went (null: marked on their blobs), when, the backup taken first, and when they came back.</summary>
public sealed record RejectedMove(Guid Id, string? Folder, DateTimeOffset At, string Backup, long Files, DateTimeOffset? RestoredAt);

/// <summary>One file of a move not restored yet.</summary>
public sealed record MovedFile(long ImageId, string Path, string? Destination);

/// <summary>The record of every rejected original moved away (or marked), so that a restore puts each one back.</summary>
public sealed class RejectedMoveRepository(SqlExecutor sql)
{
    public Task StartAsync(Guid catalogId, Guid move, string? folder, string backup, CancellationToken ct) =>
        sql.ExecuteAsync("rejected_move_record", [catalogId, move, new Npgsql.NpgsqlParameter { Value = (object?)folder ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text }, backup], ct);

    public Task RecordAsync(Guid move, long imageId, string path, string? destination, CancellationToken ct) =>
        sql.ExecuteAsync("rejected_file_record", [move, imageId, path, new Npgsql.NpgsqlParameter { Value = (object?)destination ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text }], ct);

    public Task<IReadOnlyList<RejectedMove>> ListAsync(Guid catalogId, CancellationToken ct) =>
        sql.ReadAsync("rejected_moves", [catalogId], r => new RejectedMove(
            r.GetGuid(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), r.GetString(3), r.GetInt64(4),
            r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5)), ct);

    public Task<IReadOnlyList<MovedFile>> AwayAsync(Guid catalogId, Guid move, CancellationToken ct) =>
        sql.ReadAsync("rejected_files", [catalogId, move], r => new MovedFile(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)), ct);

    /// <summary>Records the file back at its path and the image present again.</summary>
    public Task RestoredAsync(Guid move, long imageId, CancellationToken ct) => sql.ExecuteAsync("rejected_file_restored", [move, imageId], ct);

    /// <summary>Marks the move restored once none of its files is away.</summary>
    public Task FinishRestoreAsync(Guid catalogId, Guid move, CancellationToken ct) => sql.ExecuteAsync("rejected_move_restored", [catalogId, move], ct);
}

using System.Text.Json;
using Lumina.Core.Pipeline;
using Lumina.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Lumina.Storage.Catalog;

/// <summary>Reads and writes the per-image rows of a catalog.</summary>
public sealed class ImageRepository(SqlExecutor sql)
{
    /// <summary>
    /// Saves a batch in one transaction: the analyses with their steps, and the originals that could not be read.
    /// </summary>
    public Task SaveAnalysisAsync(
        Guid catalogId, IReadOnlyList<AnalysisRow> rows, IReadOnlyList<ReadFailure> failures, IEnumerable<string> analysisSteps, CancellationToken ct) =>
        SaveAnalysisAsync(catalogId, rows, failures, analysisSteps, null, ct);

    /// <summary>As above, with the CLIP embeddings the batch computed (by path), stored in the same transaction.</summary>
    public Task SaveAnalysisAsync(
        Guid catalogId, IReadOnlyList<AnalysisRow> rows, IReadOnlyList<ReadFailure> failures, IEnumerable<string> analysisSteps,
        EmbeddingBatch? embeddings, CancellationToken ct) =>
        SaveAnalysisAsync(catalogId, rows, failures, analysisSteps, embeddings, null, ct);

    /// <summary>
    /// As above, for a job's batch: its result is recorded in the same transaction, and nothing is saved when a run of
    /// the batch already saved it (false then: that run's images and result stand).
    /// </summary>
    public Task<bool> SaveAnalysisAsync(
        Guid catalogId, IReadOnlyList<AnalysisRow> rows, IReadOnlyList<ReadFailure> failures, IEnumerable<string> analysisSteps,
        EmbeddingBatch? embeddings, JobBatchResult? batchResult, CancellationToken ct) =>
        sql.InTransactionAsync("save analysis batch", async (connection, tx, token) =>
        {
            if (batchResult is not null)
            {
                await using var saved = CatalogQueries.Command(connection, tx, "job_batch_saved", batchResult.JobId, batchResult.Batch,
                    new NpgsqlParameter { Value = batchResult.Result, NpgsqlDbType = NpgsqlDbType.Jsonb });
                if (await saved.ExecuteNonQueryAsync(token) == 0)
                {
                    return false;
                }
            }

            await using var batch = new NpgsqlBatch(connection, tx);
            var save = new NpgsqlBatchCommand("SELECT lumina.save_analysis($1, $2, $3)");
            save.Parameters.Add(new() { Value = catalogId });
            save.Parameters.Add(new() { Value = JsonSerializer.Serialize(rows, AnalysisRow.Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
            save.Parameters.Add(new() { Value = analysisSteps.ToArray() });
            batch.BatchCommands.Add(save);
            var fail = new NpgsqlBatchCommand("SELECT lumina.record_failures($1, $2)");
            fail.Parameters.Add(new() { Value = catalogId });
            fail.Parameters.Add(new() { Value = JsonSerializer.Serialize(failures, AnalysisRow.Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
            batch.BatchCommands.Add(fail);
            if (embeddings is { Paths.Count: > 0 })
            {
                var store = new NpgsqlBatchCommand("SELECT lumina.save_embeddings($1, $2, $3, $4)");
                store.Parameters.Add(new() { Value = catalogId });
                store.Parameters.Add(new() { Value = embeddings.Paths.ToArray() });
                store.Parameters.Add(new() { Value = embeddings.Model });
                store.Parameters.Add(new() { Value = embeddings.Vectors.ToArray() });
                batch.BatchCommands.Add(store);
            }

            await batch.ExecuteNonQueryAsync(token);
            return true;
        }, ct);

    /// <summary>Forgets the CLIP flags of images whose embedding another model made, so that the clip job redoes them.</summary>
    public Task<int> ForgetEmbeddingsOfOtherModelsAsync(Guid catalogId, string model, CancellationToken ct) =>
        sql.RunAsync("forget other models' embeddings", async (connection, token) =>
        {
            await using var cmd = CatalogQueries.Command(connection, null, "forget_other_models", catalogId, model);
            return await cmd.ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>Every image of the catalog, with the steps of <paramref name="required"/> it lacks.</summary>
    public Task<IReadOnlyList<StoredImage>> GetStatesAsync(Guid catalogId, IReadOnlyDictionary<string, int> required, CancellationToken ct) =>
        sql.ReadAsync("image_states", [catalogId, Json(required)], ReadState, ct);

    /// <summary>
    /// Keeps the catalog's analysis of a file whose content (<paramref name="sha256"/>) it already holds: the image
    /// at the file's path (a touch), or a removed image of that content, which moves to the path. Returns the
    /// adopted image (its path before, and when it had been marked removed), or null when the file must be analyzed.
    /// </summary>
    public Task<AdoptedImage?> AdoptAsync(Guid catalogId, OriginalFile file, byte[] sha256, IReadOnlyDictionary<string, int> required, CancellationToken ct) =>
        sql.RunAsync("adopt original", async (connection, token) =>
        {
            await using var cmd = CatalogQueries.Command(connection, null, "adopt_original",
                catalogId, file.Path, file.Size, file.Modified.ToUniversalTime(), file.ETag is { } etag ? etag : DBNull.Value, sha256, Json(required));
            var rows = await cmd.ReadAllAsync(r => new AdoptedImage(ReadState(r), r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10)), token);
            return rows.SingleOrDefault();
        }, ct);

    /// <summary>Marks the images at <paramref name="paths"/> as removed, keeping their metadata; returns how many changed.</summary>
    public async Task<int> MarkRemovedAsync(Guid catalogId, IReadOnlyList<string> paths, CancellationToken ct) =>
        (await MarkVanishedAsync(catalogId, paths, ct)).Count;

    /// <summary>As <see cref="MarkRemovedAsync"/>, with the removal time the marked rows carry.</summary>
    public Task<(int Count, DateTimeOffset At)> MarkVanishedAsync(Guid catalogId, IReadOnlyList<string> paths, CancellationToken ct) =>
        sql.RunAsync("mark removed images", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand("SELECT lumina.mark_removed($1, $2), now()", connection);
            cmd.Parameters.Add(new() { Value = catalogId });
            cmd.Parameters.Add(new() { Value = paths.ToArray() });
            return (await cmd.ReadAllAsync(r => (r.GetInt32(0), r.GetFieldValue<DateTimeOffset>(1)), token)).Single();
        }, ct);

    /// <summary>How many of the catalog's images are removed (their originals gone, their metadata kept).</summary>
    public Task<long> CountRemovedAsync(Guid catalogId, CancellationToken ct) =>
        sql.RunAsync("count removed images", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM lumina.images WHERE catalog_id = $1 AND removed_at IS NOT NULL", connection);
            cmd.Parameters.Add(new() { Value = catalogId });
            return (long)(await cmd.ExecuteScalarAsync(token))!;
        }, ct);

    /// <summary>
    /// Deletes up to <paramref name="chunk"/> removed images of the catalog after id <paramref name="after"/> in one
    /// transaction, with the duplicate groups and bursts that lost their best image or all but one member; returns
    /// how many of each and the last id deleted (the next chunk's <paramref name="after"/>).
    /// </summary>
    public Task<(int Images, int Groups, int Bursts, long Last)> PurgeRemovedAsync(Guid catalogId, int chunk, long after, CancellationToken ct) =>
        sql.InTransactionAsync("purge removed images", async (connection, tx, token) =>
        {
            await using var purge = CatalogQueries.Command(connection, tx, "purge_removed", catalogId, chunk, after);
            var (images, last, touchedGroups, touchedBursts) = (await purge.ReadAllAsync(
                r => (r.GetInt32(0), r.GetInt64(1), r.GetFieldValue<long[]>(2), r.GetFieldValue<long[]>(3)), token)).Single();
            await using var groups = CatalogQueries.Command(connection, tx, "purge_groups", catalogId, touchedGroups, touchedBursts);
            var (dropped, bursts) = (await groups.ReadAllAsync(r => (r.GetInt32(0), r.GetInt32(1)), token)).Single();
            return (images, dropped, bursts, last);
        }, ct);

    /// <summary>
    /// Marks removed the images whose originals were seen gone, each only while it still holds the version (ETag)
    /// it had when that was seen; returns how many changed.
    /// </summary>
    public Task<int> MarkRemovedAsync(Guid catalogId, IReadOnlyList<(string Path, string? ETag)> gone, CancellationToken ct) =>
        sql.RunAsync("mark removed versions", async (connection, token) =>
        {
            await using var cmd = CatalogQueries.Command(connection, null, "images_mark_removed",
                catalogId, gone.Select(g => g.Path).ToArray(), gone.Select(g => g.ETag).ToArray());
            return (int)(await cmd.ExecuteScalarAsync(token))!;
        }, ct);

    /// <summary>The present images at <paramref name="paths"/>, by path: the version each was analyzed from and its derived files.</summary>
    public async Task<IReadOnlyDictionary<string, ImageVersion>> VersionsAsync(Guid catalogId, IReadOnlyList<string> paths, CancellationToken ct) =>
        (await sql.ReadAsync("image_versions", [catalogId, paths.ToArray()],
            r => new ImageVersion(
                r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetFieldValue<byte[]>(2),
                r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)), ct))
            .ToDictionary(v => v.Path);

    /// <summary>Present images whose last analysis failed, in path order.</summary>
    public Task<IReadOnlyList<(string Path, string Error)>> ListFailuresAsync(Guid catalogId, int limit, CancellationToken ct) =>
        sql.ReadAsync("image_failures", [catalogId, limit], r => (r.GetString(0), r.GetString(1)), ct);

    /// <summary>Path, thumbnail and preview of the catalog's images with the given ids.</summary>
    public async Task<IReadOnlyDictionary<long, (string Path, string? Thumbnail, string? Preview)>> DescribeAsync(Guid catalogId, long[] ids, CancellationToken ct) =>
        (await sql.ReadAsync("images_by_id", [catalogId, ids],
            r => (Id: r.GetInt64(0), Image: (r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3))), ct))
            .ToDictionary(f => f.Id, f => ((string, string?, string?))f.Image);

    /// <summary>The id of the catalog's image at <paramref name="path"/>, or null.</summary>
    public Task<long?> FindIdAsync(Guid catalogId, string path, CancellationToken ct) =>
        sql.RunAsync("find image", async (connection, token) =>
        {
            await using var cmd = CatalogQueries.Command(connection, null, "image_by_path", catalogId, path);
            return await cmd.ExecuteScalarAsync(token) is long id ? id : (long?)null;
        }, ct);

    private static StoredImage ReadState(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetFieldValue<DateTimeOffset>(3),
        r.IsDBNull(4) ? null : r.GetString(4), r.GetBoolean(5),
        r.IsDBNull(6) ? null : r.GetString(6), r.GetFieldValue<string[]>(7), r.GetInt32(8), r.GetBoolean(9));

    private static NpgsqlParameter Json(IReadOnlyDictionary<string, int> steps) =>
        new() { Value = JsonSerializer.Serialize(steps), NpgsqlDbType = NpgsqlDbType.Jsonb };
}

/// <summary>An image whose stored analysis a touched or moved file kept: its state, with the path it had, and when it had been marked removed.</summary>
public sealed record AdoptedImage(StoredImage Image, DateTimeOffset? RemovedAt);

/// <summary>What a present image was analyzed from (its original's ETag and content hash) and what that left: an error, derived files.</summary>
public sealed record ImageVersion(string Path, string? ETag, byte[]? Sha256, string? Error, string? Thumbnail, string? Preview);

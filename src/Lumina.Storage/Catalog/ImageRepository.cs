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
        sql.ReadAsync("image_states", [catalogId, new NpgsqlParameter { Value = JsonSerializer.Serialize(required), NpgsqlDbType = NpgsqlDbType.Jsonb }],
            r => new StoredImage(
                r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetFieldValue<DateTimeOffset>(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetBoolean(5),
                r.IsDBNull(6) ? null : r.GetString(6), r.GetFieldValue<string[]>(7)), ct);

    /// <summary>Marks the images at <paramref name="paths"/> as removed, keeping their metadata; returns how many changed.</summary>
    public Task<int> MarkRemovedAsync(Guid catalogId, IReadOnlyList<string> paths, CancellationToken ct) =>
        sql.RunAsync("mark removed images", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand("SELECT lumina.mark_removed($1, $2)", connection);
            cmd.Parameters.Add(new() { Value = catalogId });
            cmd.Parameters.Add(new() { Value = paths.ToArray() });
            return (int)(await cmd.ExecuteScalarAsync(token))!;
        }, ct);

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
}

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
        sql.InTransactionAsync("save analysis batch", async (connection, tx, token) =>
        {
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
        }, ct);

    /// <summary>Forgets the CLIP flags of images whose embedding another model made, so that the clip job redoes them.</summary>
    public Task<int> ForgetEmbeddingsOfOtherModelsAsync(Guid catalogId, string model, CancellationToken ct) =>
        sql.RunAsync("forget other models' embeddings", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand(EmbeddedSql.Query(typeof(ImageRepository).Assembly, "forget_other_models"), connection);
            cmd.Parameters.Add(new() { Value = catalogId });
            cmd.Parameters.Add(new() { Value = model });
            return await cmd.ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>Every image of the catalog, with the steps of <paramref name="required"/> it lacks.</summary>
    public Task<IReadOnlyList<StoredImage>> GetStatesAsync(Guid catalogId, IReadOnlyDictionary<string, int> required, CancellationToken ct) =>
        sql.RunAsync("read image states", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand("SELECT * FROM lumina.image_states($1, $2)", connection);
            cmd.Parameters.Add(new() { Value = catalogId });
            cmd.Parameters.Add(new() { Value = JsonSerializer.Serialize(required), NpgsqlDbType = NpgsqlDbType.Jsonb });
            var states = new List<StoredImage>();
            await using var reader = await cmd.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                states.Add(new StoredImage(
                    reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetBoolean(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<string[]>(7)));
            }

            return (IReadOnlyList<StoredImage>)states;
        }, ct);

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
        sql.RunAsync("list failed images", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand(
                "SELECT path, error FROM lumina.images WHERE catalog_id = $1 AND removed_at IS NULL AND error IS NOT NULL ORDER BY path LIMIT $2", connection);
            cmd.Parameters.Add(new() { Value = catalogId });
            cmd.Parameters.Add(new() { Value = limit });
            var failures = new List<(string, string)>();
            await using var reader = await cmd.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                failures.Add((reader.GetString(0), reader.GetString(1)));
            }

            return (IReadOnlyList<(string, string)>)failures;
        }, ct);

    /// <summary>Path, thumbnail and preview of the catalog's images with the given ids.</summary>
    public Task<IReadOnlyDictionary<long, (string Path, string? Thumbnail, string? Preview)>> DescribeAsync(Guid catalogId, long[] ids, CancellationToken ct) =>
        sql.RunAsync("describe images", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand(EmbeddedSql.Query(typeof(ImageRepository).Assembly, "images_by_id"), connection);
            cmd.Parameters.Add(new() { Value = catalogId });
            cmd.Parameters.Add(new() { Value = ids });
            var found = new Dictionary<long, (string, string?, string?)>();
            await using var reader = await cmd.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                found[reader.GetInt64(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            }

            return (IReadOnlyDictionary<long, (string, string?, string?)>)found;
        }, ct);

    /// <summary>The id of the catalog's image at <paramref name="path"/>, or null.</summary>
    public Task<long?> FindIdAsync(Guid catalogId, string path, CancellationToken ct) =>
        sql.RunAsync("find image", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand(EmbeddedSql.Query(typeof(ImageRepository).Assembly, "image_by_path"), connection);
            cmd.Parameters.Add(new() { Value = catalogId });
            cmd.Parameters.Add(new() { Value = path });
            return await cmd.ExecuteScalarAsync(token) is long id ? id : (long?)null;
        }, ct);
}

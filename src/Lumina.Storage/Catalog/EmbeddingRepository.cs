using System.Runtime.InteropServices;
using Lumina.Postgres;
using Npgsql;

namespace Lumina.Storage.Catalog;

/// <summary>An automatic tag of an image and how sure the tagger was.</summary>
public sealed record AutoTag(long ImageId, string Tag, double Confidence);

/// <summary>Reads CLIP embeddings and replaces automatic tags (manual tags are never touched).</summary>
public sealed class EmbeddingRepository(SqlExecutor sql)
{
    /// <summary>The embeddings <paramref name="model"/> made for the catalog's present images; only untagged ones unless <paramref name="all"/>.</summary>
    public Task<IReadOnlyList<(long ImageId, float[] Vector)>> ReadAsync(Guid catalogId, string model, bool all, int tagsVersion, CancellationToken ct) =>
        sql.ReadAsync("embeddings", [catalogId, model, tagsVersion, all],
            r => (r.GetInt64(0), MemoryMarshal.Cast<byte, float>(r.GetFieldValue<byte[]>(1)).ToArray()), ct);

    /// <summary>A token that changes whenever the catalog's embeddings by <paramref name="model"/> change.</summary>
    public Task<string> VersionAsync(Guid catalogId, string model, CancellationToken ct) =>
        sql.RunAsync("embeddings version", async (connection, token) =>
        {
            await using var cmd = CatalogQueries.Command(connection, null, "embeddings_version", catalogId, model);
            return (string)(await cmd.ExecuteScalarAsync(token))!;
        }, ct);

    /// <summary>Replaces the automatic tags of <paramref name="imageIds"/> with <paramref name="tags"/> and flags them tagged, in one transaction.</summary>
    public Task SaveAutoTagsAsync(long[] imageIds, IReadOnlyList<AutoTag> tags, int version, CancellationToken ct) =>
        sql.InTransactionAsync("save automatic tags", async (connection, tx, token) =>
        {
            await using (var clear = new NpgsqlCommand("DELETE FROM lumina.tags WHERE source = 'auto' AND image_id = ANY ($1)", connection, tx))
            {
                clear.Parameters.Add(new() { Value = imageIds });
                await clear.ExecuteNonQueryAsync(token);
            }

            await using (var import = await connection.BeginBinaryImportAsync("COPY lumina.tags (image_id, tag, source, confidence) FROM STDIN (FORMAT binary)", token))
            {
                foreach (var tag in tags)
                {
                    await import.StartRowAsync(token);
                    await import.WriteAsync(tag.ImageId, token);
                    await import.WriteAsync(tag.Tag, token);
                    await import.WriteAsync("auto", token);
                    await import.WriteAsync((float)tag.Confidence, token);
                }

                await import.CompleteAsync(token);
            }

            await using var flag = CatalogQueries.Command(connection, tx, "flag_images", imageIds, "tags", version);
            await flag.ExecuteNonQueryAsync(token);
        }, ct);
}

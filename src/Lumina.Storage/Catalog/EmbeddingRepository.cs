using System.Runtime.InteropServices;
using Lumina.Postgres;
using Npgsql;

namespace Lumina.Storage.Catalog;

/// <summary>An automatic tag of an image and how sure the tagger was.</summary>
public sealed record AutoTag(long ImageId, string Tag, double Confidence);

/// <summary>Reads CLIP embeddings and replaces automatic tags (manual tags are never touched).</summary>
public sealed class EmbeddingRepository(SqlExecutor sql)
{
    /// <summary>What <see cref="ReadEachAsync"/> allows its query: ten minutes, for millions of embeddings.</summary>
    public const int StreamTimeoutSeconds = 600;

    /// <summary>The embeddings <paramref name="model"/> made for the catalog's present images; only untagged ones unless <paramref name="all"/>.</summary>
    public Task<IReadOnlyList<(long ImageId, float[] Vector)>> ReadAsync(Guid catalogId, string model, bool all, int tagsVersion, CancellationToken ct) =>
        sql.ReadAsync("embeddings", [catalogId, model, tagsVersion, all],
            r => (r.GetInt64(0), MemoryMarshal.Cast<byte, float>(r.GetFieldValue<byte[]>(1)).ToArray()), ct);

    /// <summary>
    /// Streams the embeddings <paramref name="model"/> made for the catalog's present images to <paramref name="row"/>
    /// one at a time, through one reused buffer, rather than holding them all (2 GB per million); a retry after a
    /// transient error streams them again from the start. Returns how many were read.
    /// </summary>
    public Task<int> ReadEachAsync(Guid catalogId, string model, Action<long, ReadOnlySpan<float>> row, CancellationToken ct) =>
        sql.RunAsync("embeddings stream", async (connection, token) =>
        {
            await using var command = CatalogQueries.Command(connection, null, "embeddings", catalogId, model, 0, true);
            // A million rows take longer than the default 30 s to arrive on a busy machine.
            command.CommandTimeout = StreamTimeoutSeconds;
            await using var reader = await command.ExecuteReaderAsync(token);
            var buffer = Array.Empty<byte>();
            var rows = 0;
            while (await reader.ReadAsync(token))
            {
                var length = (int)reader.GetBytes(1, 0, null, 0, 0);
                if (buffer.Length < length)
                {
                    buffer = new byte[length];
                }

                reader.GetBytes(1, 0, buffer, 0, length);
                row(reader.GetInt64(0), MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, length)));
                rows++;
            }

            return rows;
        }, ct);

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

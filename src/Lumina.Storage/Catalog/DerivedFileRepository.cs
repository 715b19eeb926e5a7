using Lumina.Postgres;
using Lumina.Storage.Blobs;

namespace Lumina.Storage.Catalog;

/// <summary>
/// Keeps a catalog's derived files (thumbnails, previews; named by their image's content hash, so shared by
/// images of the same content) from being deleted while in use. A writer registers the files it is about to
/// write before writing them and forgets them once the images referencing them are saved; a cleanup deletes a
/// file only when no image holds its content and no writer is writing it, under a lock writers share, so a
/// file cannot be written between the check and the delete.
/// </summary>
public sealed class DerivedFileRepository(SqlExecutor sql)
{
    /// <summary>Registers files <paramref name="writer"/> is about to write; waits while a cleanup of the catalog runs.</summary>
    public Task RegisterAsync(Guid catalogId, Guid writer, IReadOnlyList<string> names, CancellationToken ct) =>
        sql.ExecuteAsync("derived_register", [catalogId, writer, names.ToArray()], ct);

    /// <summary>The images <paramref name="writer"/> wrote files for are saved: they protect their files now.</summary>
    public Task WrittenAsync(Guid catalogId, Guid writer, CancellationToken ct) =>
        sql.ExecuteAsync("derived_written", [catalogId, writer], ct);

    /// <summary>
    /// Deletes the files <paramref name="names"/> of content <paramref name="sha256"/> from <paramref name="store"/> when no
    /// image of the catalog holds that content and no writer is writing them; returns those deleted.
    /// </summary>
    public Task<IReadOnlyList<string>> DeleteUnusedAsync(Guid catalogId, byte[] sha256, IReadOnlyList<string> names, IBlobStore store, CancellationToken ct) =>
        sql.InTransactionAsync("delete unused derived files", async (connection, tx, token) =>
        {
            await using (var lockCatalog = CatalogQueries.Command(connection, tx, "derived_lock", catalogId))
            {
                await lockCatalog.ExecuteNonQueryAsync(token);
            }

            await using var unused = CatalogQueries.Command(connection, tx, "derived_unused", catalogId, sha256, names.ToArray());
            var deletable = await unused.ReadAllAsync(r => r.GetString(0), token);
            foreach (var name in deletable)
            {
                await store.DeleteAsync(name, token);
            }

            return (IReadOnlyList<string>)deletable;
        }, ct);
}

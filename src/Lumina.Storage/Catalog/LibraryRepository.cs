using Lumina.Postgres;
using NpgsqlTypes;
using Npgsql;

namespace Lumina.Storage.Catalog;

/// <summary>What the library lists: each filter is ignored when null. <see cref="To"/> is exclusive.</summary>
public sealed record LibraryFilter(
    DateTime? From = null, DateTime? To = null, string? Camera = null, bool? Gps = null, string? Tag = null,
    IReadOnlyList<string>? Formats = null, bool? Failed = null, bool? Duplicate = null, bool? Burst = null);

/// <summary>Where a library page ends: the capture time of its last image as PostgreSQL writes it ('-infinity' without one) and its id.</summary>
public sealed record LibraryCursor(string TakenAt, long Id);

/// <summary>One image of a library page.</summary>
public sealed record LibraryImage(
    long Id, string Path, DateTime? TakenAt, bool Subseconds, int? Width, int? Height, string? Format, string? Camera, bool HasGps,
    string? Thumbnail, string? Error, long? DuplicateGroup, long? BurstId);

/// <summary>An image near another one, with how near (bits of dHash, or 1 - cosine similarity of CLIP embeddings).</summary>
public sealed record SimilarImage(long Id, string Path, string? Thumbnail, double Distance);

/// <summary>Reads a catalog's images as the library shows them: pages newest first, the filters' choices, similar images.</summary>
public sealed class LibraryRepository(SqlExecutor sql)
{
    /// <summary>Up to <paramref name="limit"/> present images after <paramref name="after"/> (null: the newest), and the cursor of the next page (null at the end).</summary>
    public async Task<(IReadOnlyList<LibraryImage> Items, LibraryCursor? Next)> PageAsync(
        Guid catalogId, LibraryFilter filter, LibraryCursor? after, int limit, CancellationToken ct)
    {
        var rows = await sql.ReadAsync("library_page",
            [
                catalogId, Nullable(after?.TakenAt, NpgsqlDbType.Text), Nullable(after?.Id, NpgsqlDbType.Bigint), limit + 1,
                Nullable(filter.From, NpgsqlDbType.Timestamp), Nullable(filter.To, NpgsqlDbType.Timestamp), Nullable(filter.Camera, NpgsqlDbType.Text),
                Nullable(filter.Gps, NpgsqlDbType.Boolean), Nullable(filter.Tag, NpgsqlDbType.Text),
                Nullable(filter.Formats?.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text), Nullable(filter.Failed, NpgsqlDbType.Boolean),
                Nullable(filter.Duplicate, NpgsqlDbType.Boolean), Nullable(filter.Burst, NpgsqlDbType.Boolean),
            ],
            r => (Image: new LibraryImage(
                r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetDateTime(2), !r.IsDBNull(3) && r.GetBoolean(3),
                Int(r, 4), Int(r, 5), Text(r, 6), Text(r, 7), r.GetBoolean(8), Text(r, 9), Text(r, 10),
                r.IsDBNull(11) ? null : r.GetInt64(11), r.IsDBNull(12) ? null : r.GetInt64(12)), Key: r.GetString(13)), ct);
        var page = rows.Take(limit).ToList();
        return ([.. page.Select(p => p.Image)], rows.Count > limit ? new LibraryCursor(page[^1].Key, page[^1].Image.Id) : null);
    }

    /// <summary>The cameras of the catalog's present images ("Make Model") with their image counts, most first.</summary>
    public Task<IReadOnlyList<(string Camera, long Count)>> CamerasAsync(Guid catalogId, CancellationToken ct) =>
        sql.ReadAsync("library_cameras", [catalogId], r => (r.GetString(0), r.GetInt64(1)), ct);

    /// <summary>The formats of the catalog's present images with their image counts, most first.</summary>
    public Task<IReadOnlyList<(string Format, long Count)>> FormatsAsync(Guid catalogId, CancellationToken ct) =>
        sql.ReadAsync("library_formats", [catalogId], r => (r.GetString(0), r.GetInt64(1)), ct);

    /// <summary>The present images whose dHash is within <paramref name="bits"/> of the image's, nearest first.</summary>
    public Task<IReadOnlyList<SimilarImage>> NearestDhashAsync(Guid catalogId, long imageId, int bits, int top, CancellationToken ct) =>
        sql.ReadAsync("similar_dhash", [catalogId, imageId, bits, top], r => new SimilarImage(r.GetInt64(0), r.GetString(1), Text(r, 2), r.GetInt32(3)), ct);

    private static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    private static int? Int(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}

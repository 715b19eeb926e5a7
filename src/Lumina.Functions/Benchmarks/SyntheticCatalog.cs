using Lumina.Core.Hashing;
using Lumina.Core.Pipeline;
using Npgsql;
using NpgsqlTypes;

namespace Lumina.Functions.Benchmarks;

/// <summary>
/// Writes a catalog of metadata rows with realistic distributions, for timing the catalog-wide phases:
/// photos shot in sessions by a few cameras, a tenth of them in bursts; 40 % with GPS around a few
/// hundred places; a tenth in near-duplicate groups (a few flipped bits, some mirrored or cropped
/// copies, some exact copies), 3 % blank frames with a zero dHash, the rest unrelated.
/// </summary>
public static class SyntheticCatalog
{
    private static readonly string[] Cameras = ["Canon|EOS R5", "Sony|ILCE-7M4", "Apple|iPhone 15 Pro", "Google|Pixel 8", "FUJIFILM|X-T5"];

    /// <summary>Rows per COPY: each chunk is one statement well within any command timeout.</summary>
    public const int ChunkRows = 50_000;

    /// <summary>Writes <paramref name="images"/> rows in COPY chunks of <paramref name="chunkRows"/>, each chunk's analysis steps after it.</summary>
    public static async Task WriteAsync(NpgsqlDataSource dataSource, Guid catalogId, int images, int seed, int chunkRows, CancellationToken ct)
    {
        var rows = new RowGenerator(seed);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var steps = System.Text.Json.JsonSerializer.Serialize(ProcessingSteps.Analysis);
        for (var start = 0; start < images; start += chunkRows)
        {
            await using var watermark = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM lumina.images", connection);
            var after = (long)(await watermark.ExecuteScalarAsync(ct))!;
            await using (var import = await connection.BeginBinaryImportAsync(Copy, ct))
            {
                for (var i = start; i < Math.Min(images, start + chunkRows); i++)
                {
                    await rows.WriteAsync(import, catalogId, i, ct);
                }

                await import.CompleteAsync(ct);
            }

            await using var insert = new NpgsqlCommand(
                "INSERT INTO lumina.image_steps (image_id, step, version) SELECT i.id, s.key, s.value::int " +
                "FROM lumina.images i, jsonb_each_text($2) s WHERE i.id > $3 AND i.catalog_id = $1",
                connection);
            insert.Parameters.Add(new() { Value = catalogId });
            insert.Parameters.Add(new() { Value = steps, NpgsqlDbType = NpgsqlDbType.Jsonb });
            insert.Parameters.Add(new() { Value = after });
            await insert.ExecuteNonQueryAsync(ct);
        }

        await using var analyze = new NpgsqlCommand("ANALYZE lumina.images; ANALYZE lumina.image_steps", connection);
        await analyze.ExecuteNonQueryAsync(ct);
    }

    private const string Copy = """
        COPY lumina.images (catalog_id, path, file_size, file_modified, sha256, format, width, height, selected_date, date_subseconds,
            date_source, make, model, gps_lat, gps_lon, ahash, dhash, phash, whash, dhash_mirrored, dhash_cropped,
            dhash_cropped_mirrored, dhash_crops, jpeg_quality, colourfulness, quality_score, exif, thumbnail_ref, preview_ref) FROM STDIN (FORMAT binary)
        """;

    /// <summary>The rows in order: one random stream, so a catalog is the same however it is chunked.</summary>
    private sealed class RowGenerator
    {
        private readonly Random _random;
        private readonly (double Lat, double Lon)[] _places;
        private readonly byte[] _sha = new byte[32];
        private DateTime _time = new(2019, 1, 1, 8, 0, 0);
        private string _camera = Cameras[0];
        private (double Lat, double Lon) _place;
        private ulong _previous;

        public RowGenerator(int seed)
        {
            _random = new Random(seed);
            _places = Enumerable.Range(0, 300).Select(_ => (Lat: _random.NextDouble() * 120 - 60, Lon: _random.NextDouble() * 360 - 180)).ToArray();
            _place = _places[0];
        }

        public async Task WriteAsync(NpgsqlBinaryImporter import, Guid catalogId, int i, CancellationToken ct)
        {
            var random = _random;
            if (random.NextDouble() < 0.01)
            {
                _time = _time.AddHours(12 + random.Next(24 * 20));
                _camera = Cameras[random.Next(Cameras.Length)];
                _place = _places[random.Next(_places.Length)];
            }

            _time = random.NextDouble() < 0.1 ? _time.AddMilliseconds(100 + random.Next(400)) : _time.AddSeconds(5 + random.Next(300));
            var roll = random.NextDouble();
            var dhash = roll < 0.03 ? 0UL
                : roll < 0.13 && i > 0 ? _previous ^ (1UL << random.Next(64)) ^ (random.Next(2) == 0 ? 0 : 1UL << random.Next(64))
                : NextHash(random);
            _previous = roll < 0.13 ? _previous : dhash;
            if (!(roll < 0.15 && roll >= 0.13))
            {
                random.NextBytes(_sha);
            }

            await import.StartRowAsync(ct);
            await import.WriteAsync(catalogId, NpgsqlDbType.Uuid, ct);
            await import.WriteAsync($"{_time:yyyy/MM}/IMG_{i:D7}.jpg", NpgsqlDbType.Text, ct);
            await import.WriteAsync(2_000_000L + random.Next(8_000_000), NpgsqlDbType.Bigint, ct);
            await import.WriteAsync(DateTime.SpecifyKind(_time, DateTimeKind.Utc), NpgsqlDbType.TimestampTz, ct);
            await import.WriteAsync(_sha, NpgsqlDbType.Bytea, ct);
            await import.WriteAsync("jpeg", NpgsqlDbType.Text, ct);
            await import.WriteAsync(4000, NpgsqlDbType.Integer, ct);
            await import.WriteAsync(3000, NpgsqlDbType.Integer, ct);
            await import.WriteAsync(_time, NpgsqlDbType.Timestamp, ct);
            await import.WriteAsync(true, NpgsqlDbType.Boolean, ct);
            await import.WriteAsync("DateTimeOriginal", NpgsqlDbType.Text, ct);
            await import.WriteAsync(_camera.Split('|')[0], NpgsqlDbType.Text, ct);
            await import.WriteAsync(_camera.Split('|')[1], NpgsqlDbType.Text, ct);
            if (random.NextDouble() < 0.4)
            {
                await import.WriteAsync(_place.Lat + random.NextDouble() * 0.002, NpgsqlDbType.Double, ct);
                await import.WriteAsync(_place.Lon + random.NextDouble() * 0.002, NpgsqlDbType.Double, ct);
            }
            else
            {
                await import.WriteNullAsync(ct);
                await import.WriteNullAsync(ct);
            }

            foreach (var hash in (ulong[])[NextHash(random), dhash, NextHash(random), NextHash(random), NextHash(random), NextHash(random), NextHash(random)])
            {
                await import.WriteAsync(unchecked((long)hash), NpgsqlDbType.Bigint, ct);
            }

            await import.WriteAsync(Enumerable.Range(0, CropHashes.Count).Select(_ => unchecked((long)NextHash(random))).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct);
            await import.WriteAsync((short)random.Next(50, 98), NpgsqlDbType.Smallint, ct);
            await import.WriteAsync((float)(random.NextDouble() * 60), NpgsqlDbType.Real, ct);
            await import.WriteAsync(20 + random.NextDouble() * 80, NpgsqlDbType.Double, ct);
            await import.WriteAsync("{}", NpgsqlDbType.Jsonb, ct);
            await import.WriteAsync($"thumbnails/{i}.webp", NpgsqlDbType.Text, ct);
            await import.WriteAsync($"previews/{i}.jpg", NpgsqlDbType.Text, ct);
        }
    }

    private static ulong NextHash(Random random) => unchecked((ulong)random.NextInt64() ^ ((ulong)random.Next() << 62));
}

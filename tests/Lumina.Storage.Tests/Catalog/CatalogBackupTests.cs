using Lumina.Core.Pipeline;
using Lumina.Storage.Catalog;
using Lumina.Storage.Catalog.Backups;
using Lumina.Testing;

namespace Lumina.Storage.Tests.Catalog;

public sealed class CatalogBackupTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private CatalogRepository _catalogs = null!;
    private ImageRepository _images = null!;
    private CatalogBackup _backup = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("backup", CatalogSchema.Scripts);
        _catalogs = new CatalogRepository(_database.Sql);
        _images = new ImageRepository(_database.Sql);
        _backup = new CatalogBackup(_database.Sql);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task RestoringABackupBringsBackEveryRowExactly()
    {
        var catalog = await SeedCatalogAsync("trip");
        var other = await SeedCatalogAsync("other");
        var before = await DumpAsync(catalog.Id);
        var otherBefore = await DumpAsync(other.Id);
        using var backup = new MemoryStream();
        var manifest = await _backup.WriteAsync(catalog, backup, Ct);

        await _database.ScalarAsync<int>("UPDATE lumina.images SET make = 'changed', gps_lat = 1 WHERE catalog_id = $1", catalog.Id);
        await _database.ScalarAsync<int>("DELETE FROM lumina.images WHERE catalog_id = $1 AND path = 'a.jpg'", catalog.Id);
        await _database.ScalarAsync<int>("DELETE FROM lumina.duplicate_groups WHERE catalog_id = $1", catalog.Id);
        await _images.SaveAnalysisAsync(catalog.Id, [Row("new.jpg", "ff")], [], ProcessingSteps.Analysis.Keys, Ct);
        Assert.NotEqual(before, await DumpAsync(catalog.Id));

        backup.Position = 0;
        await _backup.RestoreAsync(backup, Ct);

        Assert.Equal(before, await DumpAsync(catalog.Id));
        Assert.Equal(otherBefore, await DumpAsync(other.Id));
        Assert.Equal(3, manifest.Rows["images"]);
        Assert.Equal(1, manifest.Rows["duplicate_groups"]);
        Assert.Equal(2, manifest.Rows["tags"]);

        await _images.SaveAnalysisAsync(catalog.Id, [Row("after.jpg", "ee")], [], ProcessingSteps.Analysis.Keys, Ct);
        Assert.True(await _database.ScalarAsync<long>("SELECT id FROM lumina.images WHERE path = 'after.jpg'")
            > await _database.ScalarAsync<long>("SELECT max(id) FROM lumina.images WHERE path <> 'after.jpg'"));
    }

    [Fact]
    public async Task ADeletedCatalogIsRecreatedFromItsBackup()
    {
        var catalog = await SeedCatalogAsync("gone");
        var before = await DumpAsync(catalog.Id);
        using var backup = new MemoryStream();
        await _backup.WriteAsync(catalog, backup, Ct);
        await _catalogs.DeleteAsync(catalog.Id, Ct);

        backup.Position = 0;
        await _backup.RestoreAsync(backup, Ct);

        Assert.Equal(catalog, await _catalogs.GetAsync("gone", Ct));
        Assert.Equal(before, await DumpAsync(catalog.Id));
    }

    [Fact]
    public async Task AFileThatIsNotABackupIsRefusedWithoutChangingAnything()
    {
        var catalog = await SeedCatalogAsync("safe");
        var before = await DumpAsync(catalog.Id);

        var notZip = await Assert.ThrowsAsync<CatalogException>(() => _backup.RestoreAsync(new MemoryStream("hello"u8.ToArray()), Ct));
        Assert.StartsWith("not a Lumina backup", notZip.Message);

        using var tampered = new MemoryStream();
        await _backup.WriteAsync(catalog, tampered, Ct);
        tampered.Position = 0;
        using (var zip = new System.IO.Compression.ZipArchive(tampered, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("tags.csv")!.Delete();
            await using var writer = new StreamWriter(zip.CreateEntry("tags.csv").Open());
            await writer.WriteAsync("image_id,tag) FROM STDIN; DROP TABLE lumina.images; --\n");
        }

        tampered.Position = 0;
        var injected = await Assert.ThrowsAsync<CatalogException>(() => _backup.RestoreAsync(tampered, Ct));
        Assert.Contains("tags.csv in the backup has columns this database does not know", injected.Message);
        Assert.Equal(before, await DumpAsync(catalog.Id));
    }

    private async Task<CatalogRecord> SeedCatalogAsync(string name)
    {
        var catalog = await _catalogs.CreateAsync(Guid.NewGuid(), name, SourceKind.Folder, $"/photos/{name}", $"/derived/{name}", Ct);
        await _images.SaveAnalysisAsync(catalog.Id, [Row("a.jpg", "aa"), Row("b.jpg", "bb"), Row("c.jpg", "cc") with { Error = "bad,\n\"quoted\" error" }], [], ProcessingSteps.Analysis.Keys, Ct);
        await _database.ScalarAsync<int>("""
            WITH g AS (INSERT INTO lumina.duplicate_groups (catalog_id, best_image_id, threshold)
                       SELECT $1, min(id), 5 FROM lumina.images WHERE catalog_id = $1 RETURNING id, best_image_id)
            INSERT INTO lumina.duplicate_members (group_id, image_id, distance, exact_copy)
            SELECT g.id, i.id, CASE WHEN i.id = g.best_image_id THEN 0 ELSE 3 END, false
            FROM g, lumina.images i WHERE i.catalog_id = $1 AND i.path IN ('a.jpg', 'b.jpg')
            """, catalog.Id);
        await _database.ScalarAsync<int>("""
            INSERT INTO lumina.tags (image_id, tag, source, confidence)
            SELECT id, 'beach', 'auto', 0.93 FROM lumina.images WHERE catalog_id = $1 AND path IN ('a.jpg', 'b.jpg')
            """, catalog.Id);
        await _database.ScalarAsync<int>("""
            INSERT INTO lumina.embeddings (image_id, model, vector)
            SELECT id, 'tiny@sha256:00', '\x0000803f0000003f'::bytea FROM lumina.images WHERE catalog_id = $1 AND path = 'a.jpg'
            """, catalog.Id);
        return catalog;
    }

    /// <summary>Every row of the catalog's tables as JSON text, independent of the backup's own queries.</summary>
    private async Task<string> DumpAsync(Guid catalogId)
    {
        var parts = new List<string>();
        foreach (var query in new[]
        {
            "SELECT row_to_json(x)::text FROM (SELECT * FROM lumina.catalogs WHERE id = $1) x",
            "SELECT row_to_json(x)::text FROM (SELECT * FROM lumina.images WHERE catalog_id = $1 ORDER BY id) x",
            "SELECT row_to_json(x)::text FROM (SELECT s.* FROM lumina.image_steps s JOIN lumina.images i ON i.id = s.image_id WHERE i.catalog_id = $1 ORDER BY 1, 2) x",
            "SELECT row_to_json(x)::text FROM (SELECT g.*, m.* FROM lumina.duplicate_groups g JOIN lumina.duplicate_members m ON m.group_id = g.id WHERE g.catalog_id = $1 ORDER BY g.id, m.image_id) x",
            "SELECT row_to_json(x)::text FROM (SELECT t.* FROM lumina.tags t JOIN lumina.images i ON i.id = t.image_id WHERE i.catalog_id = $1 ORDER BY 1, 2) x",
            "SELECT row_to_json(x)::text FROM (SELECT e.* FROM lumina.embeddings e JOIN lumina.images i ON i.id = e.image_id WHERE i.catalog_id = $1 ORDER BY 1) x",
        })
        {
            await using var cmd = _database.DataSource.CreateCommand(query);
            cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = catalogId });
            await using var reader = await cmd.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                parts.Add(reader.GetString(0));
            }
        }

        return string.Join("\n", parts);
    }

    private static AnalysisRow Row(string path, string shaPrefix) => new()
    {
        Path = path,
        FileSize = 100,
        FileModified = new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero).AddTicks(4560),
        Sha256 = shaPrefix.PadRight(64, '0'),
        SelectedDate = "2020-01-02T03:04:05.6780000",
        DateSource = "DateTimeOriginal",
        GpsLat = 48.858370123456789,
        GpsLon = 2.294481,
        Make = "Make, \"quoted\"",
        Dhash = long.MinValue,
        Warnings = ["one", "two, with comma"],
        Steps = ProcessingSteps.Analysis,
    };
}

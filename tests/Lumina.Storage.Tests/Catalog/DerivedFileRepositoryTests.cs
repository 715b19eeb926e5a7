using Lumina.Core.Pipeline;
using Lumina.Storage.Blobs;
using Lumina.Storage.Catalog;
using Lumina.Testing;

namespace Lumina.Storage.Tests.Catalog;

/// <summary>Derived files are deleted only when no image can use them and no writer is writing them.</summary>
public sealed class DerivedFileRepositoryTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private DerivedFileRepository _derived = null!;
    private ImageRepository _images = null!;
    private string _folder = null!;
    private Guid _catalog;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("derived", CatalogSchema.Scripts);
        _derived = new DerivedFileRepository(_database.Sql);
        _images = new ImageRepository(_database.Sql);
        _folder = Directory.CreateTempSubdirectory("lumina-derived-").FullName;
        _catalog = (await new CatalogRepository(_database.Sql).CreateAsync(Guid.NewGuid(), "derived", SourceKind.Folder, "/photos", _folder, Ct)).Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task OnlyFilesOfContentNoImageHoldsAndNoWriterIsWritingAreDeleted()
    {
        var store = new LocalFolderBlobStore(_folder);
        foreach (var name in new[] { "used.webp", "unused.webp", "writing.webp" })
        {
            await store.PutAsync(name, new MemoryStream([1, 2, 3]), "image/webp", Ct);
        }

        await _images.SaveAnalysisAsync(_catalog, [Row("a.jpg", "aa")], [], ProcessingSteps.Analysis.Keys, Ct);
        var writer = Guid.NewGuid();
        await _derived.RegisterAsync(_catalog, writer, ["writing.webp"], Ct);

        Assert.Empty(await _derived.DeleteUnusedAsync(_catalog, Sha("aa"), ["used.webp"], store, Ct));
        Assert.Equal(["unused.webp"], await _derived.DeleteUnusedAsync(_catalog, Sha("bb"), ["unused.webp", "writing.webp"], store, Ct));
        Assert.Equal(["used.webp", "writing.webp"], await store.ListAsync("", Ct).Select(b => b.Name).Order().ToListAsync(Ct));

        await _derived.WrittenAsync(_catalog, writer, Ct);
        Assert.Equal(["writing.webp"], await _derived.DeleteUnusedAsync(_catalog, Sha("cc"), ["writing.webp"], store, Ct));
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM lumina.derived_writes"));
    }

    [Fact]
    public async Task AWriterRegisteringWhileACleanupRunsWaitsForItToEnd()
    {
        var store = new LocalFolderBlobStore(_folder);
        await store.PutAsync("x.webp", new MemoryStream([1]), "image/webp", Ct);
        await using var connection = await _database.DataSource.OpenConnectionAsync(Ct);
        await using var tx = await connection.BeginTransactionAsync(Ct);
        await using (var hold = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_xact_lock(hashtextextended('lumina.derived.' || '{_catalog}', 0))", connection, tx))
        {
            await hold.ExecuteNonQueryAsync(Ct);
        }

        var register = _derived.RegisterAsync(_catalog, Guid.NewGuid(), ["x.webp"], Ct);
        await Task.Delay(500, Ct);
        Assert.False(register.IsCompleted, "a writer registered while a cleanup held the lock");
        await tx.CommitAsync(Ct);
        await register.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Empty(await _derived.DeleteUnusedAsync(_catalog, Sha("dd"), ["x.webp"], store, Ct));
    }

    private static byte[] Sha(string prefix) => Convert.FromHexString(prefix.PadRight(64, '0'));

    private static AnalysisRow Row(string path, string shaPrefix) => new()
    {
        Path = path,
        FileSize = 100,
        FileModified = DateTimeOffset.UnixEpoch,
        Sha256 = shaPrefix.PadRight(64, '0'),
        ThumbnailRef = "used.webp",
        Steps = ProcessingSteps.Analysis,
    };
}

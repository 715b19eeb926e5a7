using Lumina.Core.Pipeline;
using Lumina.Storage.Catalog;
using Lumina.Testing;

namespace Lumina.Storage.Tests.Catalog;

/// <summary>RAW+JPEG pairs as PostgreSQL records them when analyses are saved, by the rules of one shot.</summary>
public sealed class RawPairTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ImageRepository _images = null!;
    private CatalogRecord _catalog = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("rawpairs", CatalogSchema.Scripts);
        _images = new ImageRepository(_database.Sql);
        _catalog = await new CatalogRepository(_database.Sql).CreateAsync(Guid.NewGuid(), "shots", SourceKind.Folder, "/photos", "/derived", Ct);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task ARawAndAJpegOfOneShotArePairedEvenWhenSavedInSeparateBatches()
    {
        await SaveAsync(Shot("DCIM/IMG_0001.CR2", "cr2"));
        await SaveAsync(Shot("DCIM/img_0001.jpg", "jpeg"), Shot("DCIM/IMG_0002.JPG", "jpeg"));

        Assert.Equal([("DCIM/IMG_0001.CR2", "DCIM/img_0001.jpg")], await PairsAsync());
    }

    [Theory]
    [InlineData("another folder")]
    [InlineData("another base name")]
    [InlineData("another model")]
    [InlineData("another sub-second")]
    [InlineData("another second")]
    [InlineData("a file time")]
    [InlineData("two JPEGs")]
    [InlineData("two RAWs")]
    public async Task OnlyOneShotsFilesArePaired(string difference)
    {
        var raw = Shot("DCIM/IMG_0001.NEF", "nef");
        var jpeg = Shot("DCIM/IMG_0001.JPG", "jpeg");
        AnalysisRow[] rows = difference switch
        {
            "another folder" => [raw, jpeg with { Path = "Other/IMG_0001.JPG" }],
            "another base name" => [raw, jpeg with { Path = "DCIM/IMG_0001-1.JPG" }],
            "another model" => [raw, jpeg with { Model = "Z 7" }],
            "another sub-second" => [raw, jpeg with { SelectedDate = "2024-05-01T10:20:30.5100000" }],
            "another second" => [raw with { DateSubseconds = false }, jpeg with { SelectedDate = "2024-05-01T10:20:31.0000000", DateSubseconds = false }],
            "a file time" => [raw, jpeg with { DateSource = "FileTime" }],
            "two JPEGs" => [raw, jpeg, jpeg with { Path = "DCIM/IMG_0001.jpeg", Sha256 = "dd".PadRight(64, '0') }],
            _ => [raw, jpeg, raw with { Path = "DCIM/IMG_0001.DNG", Format = "dng", Sha256 = "ee".PadRight(64, '0') }],
        };

        await SaveAsync(rows);

        var pairs = await PairsAsync();
        var expected = difference switch
        {
            "two JPEGs" => [("DCIM/IMG_0001.NEF", "DCIM/IMG_0001.JPG")],
            "two RAWs" => [("DCIM/IMG_0001.DNG", "DCIM/IMG_0001.JPG")],
            _ => Array.Empty<(string, string)>(),
        };
        Assert.Equal(expected, pairs);
    }

    [Fact]
    public async Task ASubSecondOnOnlyOneSideIsComparedToTheSecond()
    {
        await SaveAsync(Shot("IMG_0001.ARW", "arw"), Shot("IMG_0001.JPG", "jpeg") with { SelectedDate = "2024-05-01T10:20:30.0000000", DateSubseconds = false });

        Assert.Single(await PairsAsync());
    }

    [Fact]
    public async Task APairIsDroppedWhenOneFileIsRemovedOrNoLongerMatches()
    {
        await SaveAsync(Shot("a/IMG_1.CR3", "cr3"), Shot("a/IMG_1.JPG", "jpeg"), Shot("b/IMG_2.CR3", "cr3"), Shot("b/IMG_2.JPG", "jpeg"));
        Assert.Equal(2, (await PairsAsync()).Count);

        await _images.MarkRemovedAsync(_catalog.Id, ["a/IMG_1.JPG"], Ct);
        await SaveAsync(Shot("b/IMG_2.JPG", "jpeg") with { Model = "Other", Sha256 = "ff".PadRight(64, '0') });

        Assert.Empty(await PairsAsync());
    }

    private static AnalysisRow Shot(string path, string format) => new()
    {
        Path = path,
        FileSize = 100,
        FileModified = DateTimeOffset.UnixEpoch,
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(path))),
        Format = format,
        SelectedDate = "2024-05-01T10:20:30.5000000",
        DateSubseconds = true,
        DateSource = "DateTimeOriginal",
        Make = "NIKON CORPORATION",
        Model = "NIKON Z 6",
        Steps = ProcessingSteps.Analysis,
    };

    private Task SaveAsync(params AnalysisRow[] rows) => _images.SaveAnalysisAsync(_catalog.Id, rows, [], ProcessingSteps.Analysis.Keys, Ct);

    private async Task<List<(string Raw, string Companion)>> PairsAsync() =>
        await new ExportRepository(_database.Sql).ReadAsync(_catalog.Id, Ct)
            .Where(r => r.RawPairRole == "raw")
            .Select(r => (r.Path, r.RawPair!))
            .ToListAsync(Ct);
}

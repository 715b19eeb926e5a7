using Lumina.Core.Pipeline;
using Lumina.Storage.Catalog;
using Lumina.Testing;

namespace Lumina.Storage.Tests.Catalog;

public sealed class ImageRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Modified = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private TestDatabase _database = null!;
    private CatalogRepository _catalogs = null!;
    private ImageRepository _images = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("images", CatalogSchema.Scripts);
        _catalogs = new CatalogRepository(_database.Sql);
        _images = new ImageRepository(_database.Sql);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task SavedAnalysesRecordTheirStepsAndNothingIsMissing()
    {
        var catalog = await NewCatalogAsync();

        await _images.SaveAnalysisAsync(catalog.Id, [Row("a.jpg", "aa"), Row("b.jpg", "bb")], [], ProcessingSteps.Analysis.Keys, Ct);

        var states = await _images.GetStatesAsync(catalog.Id, ProcessingSteps.Analysis, Ct);
        Assert.Equal(["a.jpg", "b.jpg"], states.Select(s => s.Path).Order());
        Assert.All(states, s => Assert.Empty(s.MissingSteps));
        Assert.All(states, s => Assert.Equal((100L, Modified), (s.Size, s.Modified)));
    }

    [Fact]
    public async Task ANewerAlgorithmVersionMakesAStepMissing()
    {
        var catalog = await NewCatalogAsync();
        await _images.SaveAnalysisAsync(catalog.Id, [Row("a.jpg", "aa")], [], ProcessingSteps.Analysis.Keys, Ct);

        var required = new Dictionary<string, int>(ProcessingSteps.Analysis) { [ProcessingSteps.Hashes] = 99 };
        var state = Assert.Single(await _images.GetStatesAsync(catalog.Id, required, Ct));

        Assert.Equal([ProcessingSteps.Hashes], state.MissingSteps);
    }

    [Fact]
    public async Task ADecodeFailureKeepsOnlyTheExifStepAndCountsAttempts()
    {
        var catalog = await NewCatalogAsync();
        var failed = Row("bad.jpg", "cc") with { Error = "could not decode", Steps = new Dictionary<string, int> { [ProcessingSteps.Exif] = ProcessingSteps.Analysis[ProcessingSteps.Exif] } };

        await _images.SaveAnalysisAsync(catalog.Id, [failed], [], ProcessingSteps.Analysis.Keys, Ct);
        await _images.SaveAnalysisAsync(catalog.Id, [failed], [], ProcessingSteps.Analysis.Keys, Ct);

        var state = Assert.Single(await _images.GetStatesAsync(catalog.Id, ProcessingSteps.Analysis, Ct));
        Assert.Equal("could not decode", state.Error);
        Assert.DoesNotContain(ProcessingSteps.Exif, state.MissingSteps);
        Assert.Contains(ProcessingSteps.Hashes, state.MissingSteps);
        Assert.Equal(2, await _database.ScalarAsync<int>("SELECT failed_attempts FROM lumina.images WHERE path = 'bad.jpg'"));
    }

    [Fact]
    public async Task ARepeatedFailureOfTheSameContentCountsUpWithoutChangingTheImageAndNewContentStartsAgain()
    {
        var catalog = await NewCatalogAsync();
        var failed = Row("bad.jpg", "cc") with { Error = "could not decode", Steps = new Dictionary<string, int> { [ProcessingSteps.Exif] = 1 } };
        await _images.SaveAnalysisAsync(catalog.Id, [failed], [], ProcessingSteps.Analysis.Keys, Ct);
        var changed = await _database.ScalarAsync<DateTime>("SELECT updated_at FROM lumina.images");

        await _images.SaveAnalysisAsync(catalog.Id, [failed], [], ProcessingSteps.Analysis.Keys, Ct);
        await _images.SaveAnalysisAsync(catalog.Id, [failed], [], ProcessingSteps.Analysis.Keys, Ct);

        Assert.Equal(3, (await _images.GetStatesAsync(catalog.Id, ProcessingSteps.Analysis, Ct)).Single().FailedAttempts);
        Assert.Equal(changed, await _database.ScalarAsync<DateTime>("SELECT updated_at FROM lumina.images"));

        await _images.SaveAnalysisAsync(catalog.Id, [failed with { Sha256 = "dd".PadRight(64, '0') }], [], ProcessingSteps.Analysis.Keys, Ct);
        Assert.Equal(1, (await _images.GetStatesAsync(catalog.Id, ProcessingSteps.Analysis, Ct)).Single().FailedAttempts);
        Assert.NotEqual(changed, await _database.ScalarAsync<DateTime>("SELECT updated_at FROM lumina.images"));
    }

    [Fact]
    public async Task ATouchedFileKeepsItsImageAndAMovedOneTakesOverTheRemovedImageOfItsContent()
    {
        var catalog = await NewCatalogAsync();
        await _images.SaveAnalysisAsync(catalog.Id, [Row("a.jpg", "aa"), Row("b.jpg", "bb")], [], ProcessingSteps.Analysis.Keys, Ct);
        var ids = (await _images.GetStatesAsync(catalog.Id, ProcessingSteps.Analysis, Ct)).ToDictionary(s => s.Path, s => s.Id);
        await _images.MarkRemovedAsync(catalog.Id, ["b.jpg"], Ct);
        var later = Modified.AddHours(1);

        var touched = await _images.AdoptAsync(catalog.Id, new OriginalFile("a.jpg", 100, later, null), Sha("aa"), ProcessingSteps.Analysis, Ct);
        var moved = await _images.AdoptAsync(catalog.Id, new OriginalFile("2024/b.jpg", 100, Modified, null), Sha("bb"), ProcessingSteps.Analysis, Ct);
        var otherContent = await _images.AdoptAsync(catalog.Id, new OriginalFile("a.jpg", 100, later, null), Sha("ee"), ProcessingSteps.Analysis, Ct);
        var nothingToTake = await _images.AdoptAsync(catalog.Id, new OriginalFile("c.jpg", 100, Modified, null), Sha("bb"), ProcessingSteps.Analysis, Ct);

        Assert.Equal(("a.jpg", ids["a.jpg"], (DateTimeOffset?)null), (touched!.Image.Path, touched.Image.Id, touched.RemovedAt));
        Assert.Empty(touched.Image.MissingSteps);
        Assert.Equal(("b.jpg", ids["b.jpg"]), (moved!.Image.Path, moved.Image.Id));
        Assert.NotNull(moved.RemovedAt);
        Assert.Null(otherContent);
        Assert.Null(nothingToTake);
        var states = (await _images.GetStatesAsync(catalog.Id, ProcessingSteps.Analysis, Ct)).ToDictionary(s => s.Path);
        Assert.Equal(["2024/b.jpg", "a.jpg"], states.Keys.Order());
        Assert.Equal((later, false), (states["a.jpg"].Modified, states["a.jpg"].Removed));
        Assert.Equal((ids["b.jpg"], false), (states["2024/b.jpg"].Id, states["2024/b.jpg"].Removed));
    }

    [Fact]
    public async Task AReadFailureKeepsTheMetadataOfEarlierRuns()
    {
        var catalog = await NewCatalogAsync();
        await _images.SaveAnalysisAsync(catalog.Id, [Row("a.jpg", "aa") with { Make = "Canon" }], [], ProcessingSteps.Analysis.Keys, Ct);

        await _images.SaveAnalysisAsync(catalog.Id, [], [new ReadFailure("a.jpg", 100, Modified, null, "the original vanished")], ProcessingSteps.Analysis.Keys, Ct);

        Assert.Equal("Canon", await _database.ScalarAsync<string>("SELECT make FROM lumina.images WHERE path = 'a.jpg'"));
        Assert.Equal("the original vanished", await _database.ScalarAsync<string>("SELECT error FROM lumina.images WHERE path = 'a.jpg'"));
    }

    [Fact]
    public async Task ChangedContentDropsEveryStepWhileReanalysisOfTheSameContentKeepsOthers()
    {
        var catalog = await NewCatalogAsync();
        await _images.SaveAnalysisAsync(catalog.Id, [Row("a.jpg", "aa"), Row("b.jpg", "bb")], [], ProcessingSteps.Analysis.Keys, Ct);
        await _database.ScalarAsync<int>("INSERT INTO lumina.image_steps (image_id, step, version) SELECT id, 'geohash', 1 FROM lumina.images");

        await _images.SaveAnalysisAsync(catalog.Id, [Row("a.jpg", "aa"), Row("b.jpg", "b2")], [], ProcessingSteps.Analysis.Keys, Ct);

        var required = new Dictionary<string, int>(ProcessingSteps.Analysis) { ["geohash"] = 1 };
        var states = (await _images.GetStatesAsync(catalog.Id, required, Ct)).ToDictionary(s => s.Path);
        Assert.Empty(states["a.jpg"].MissingSteps);
        Assert.Equal(["geohash"], states["b.jpg"].MissingSteps);
    }

    [Fact]
    public async Task RemovedImagesKeepTheirRowsAndComeBackWhenSeenAgain()
    {
        var catalog = await NewCatalogAsync();
        await _images.SaveAnalysisAsync(catalog.Id, [Row("a.jpg", "aa")], [], ProcessingSteps.Analysis.Keys, Ct);

        Assert.Equal(1, await _images.MarkRemovedAsync(catalog.Id, ["a.jpg", "never-seen.jpg"], Ct));
        Assert.Equal(0, await _images.MarkRemovedAsync(catalog.Id, ["a.jpg"], Ct));
        Assert.True(Assert.Single(await _images.GetStatesAsync(catalog.Id, ProcessingSteps.Analysis, Ct)).Removed);

        await _images.SaveAnalysisAsync(catalog.Id, [Row("a.jpg", "aa")], [], ProcessingSteps.Analysis.Keys, Ct);
        Assert.False(Assert.Single(await _images.GetStatesAsync(catalog.Id, ProcessingSteps.Analysis, Ct)).Removed);
    }

    [Fact]
    public async Task AnImageSeenGoneIsMarkedRemovedOnlyWhileItHoldsTheVersionThatWasSeen()
    {
        var catalog = await NewCatalogAsync();
        await _images.SaveAnalysisAsync(catalog.Id, [Row("again.jpg", "aa") with { Etag = "\"2\"" }, Row("gone.jpg", "bb") with { Etag = "\"1\"" }], [], ProcessingSteps.Analysis.Keys, Ct);

        Assert.Equal(1, await _images.MarkRemovedAsync(catalog.Id, [("again.jpg", "\"1\""), ("gone.jpg", "\"1\""), ("never-seen.jpg", null)], Ct));

        var states = (await _images.GetStatesAsync(catalog.Id, ProcessingSteps.Analysis, Ct)).ToDictionary(s => s.Path);
        Assert.False(states["again.jpg"].Removed);
        Assert.True(states["gone.jpg"].Removed);
    }

    [Fact]
    public async Task CatalogsAreFoundByNameOrIdAndUnknownOnesListTheKnown()
    {
        var catalog = await NewCatalogAsync("holidays");

        Assert.Equal(catalog, await _catalogs.GetAsync("holidays", Ct));
        Assert.Equal(catalog, await _catalogs.GetAsync(catalog.Id.ToString(), Ct));
        var error = await Assert.ThrowsAsync<CatalogException>(() => _catalogs.GetAsync("nope", Ct));
        Assert.Equal("no catalog 'nope': known catalogs are holidays", error.Message);
        var duplicate = await Assert.ThrowsAsync<CatalogException>(() => NewCatalogAsync("holidays"));
        Assert.Contains("already exists", duplicate.Message);
    }

    [Fact]
    public async Task ExportReadsEveryImageInPathOrderWithHashesAsUnsigned()
    {
        var catalog = await NewCatalogAsync();
        await _images.SaveAnalysisAsync(catalog.Id, [Row("b.jpg", "bb") with { Dhash = -1 }, Row("a.jpg", "aa")], [], ProcessingSteps.Analysis.Keys, Ct);

        var records = await new ExportRepository(_database.Sql).ReadAsync(catalog.Id, Ct).ToListAsync(Ct);

        Assert.Equal(["a.jpg", "b.jpg"], records.Select(r => r.Path));
        Assert.Equal(ulong.MaxValue, records[1].Dhash);
        Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5, 678), records[0].SelectedDate);
        Assert.True(records[0].DateSubseconds);
    }

    private Task<CatalogRecord> NewCatalogAsync(string? name = null) =>
        _catalogs.CreateAsync(Guid.NewGuid(), name ?? $"c{Guid.NewGuid():N}", SourceKind.Folder, "/photos", "/derived", Ct);

    private static byte[] Sha(string prefix) => Convert.FromHexString(prefix.PadRight(64, '0'));

    private static AnalysisRow Row(string path, string shaPrefix) => new()
    {
        Path = path,
        FileSize = 100,
        FileModified = Modified,
        Sha256 = shaPrefix.PadRight(64, '0'),
        SelectedDate = "2020-01-02T03:04:05.6780000",
        DateSubseconds = true,
        DateSource = "DateTimeOriginal",
        Ahash = 1,
        Dhash = 2,
        Phash = 3,
        Whash = 4,
        Steps = ProcessingSteps.Analysis,
    };
}

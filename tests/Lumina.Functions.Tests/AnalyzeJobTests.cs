using Lumina.Functions.Catalogs;
using Lumina.Storage.Catalog;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

public sealed class AnalyzeJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnalyzesAFolderRecordingEveryBadFileWithoutTouchingTheOriginals()
    {
        using var folder = new PhotoFolder().WithMixedContent();
        var before = folder.Snapshot();
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "mixed", Ct);

        var summary = await host.AnalyzeAsync(catalog);

        Assert.Equal((7, 0, 4, 3), (summary.Found, summary.Unchanged, summary.Analyzed, summary.Failed));
        var failures = await host.FailuresAsync(catalog);
        Assert.Equal(["cut.jpg", "empty.jpg", "notes.jpg"], failures.Select(f => f.Path));
        Assert.Contains("could not decode the jpeg image", failures[0].Error);
        Assert.Equal("empty file (0 bytes)", failures[1].Error);
        Assert.StartsWith("not an image", failures[2].Error);
        Assert.Equal(before, folder.Snapshot());

        var derived = Directory.EnumerateFiles(catalog.Derived, "*", SearchOption.AllDirectories).ToList();
        Assert.Equal(4, derived.Count(f => f.EndsWith(".webp", StringComparison.Ordinal)));
        Assert.Equal(4, derived.Count(f => f.EndsWith(".jpg", StringComparison.Ordinal)));
        Assert.StartsWith(host.Settings.Home, catalog.Derived);
        Assert.Equal("png", await host.Database.ScalarAsync<string>("SELECT format FROM lumina.images WHERE path = 'mislabelled.jpg'"));
    }

    [Fact]
    public async Task ReRunsSkipUnchangedPhotosRetryFailuresAndFollowChanges()
    {
        using var folder = new PhotoFolder().WithMixedContent();
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        await host.AnalyzeAsync(catalog);

        var again = await host.AnalyzeAsync(catalog);
        Assert.Equal((4, 0, 3), (again.Unchanged, again.Analyzed, again.Failed));

        TestImages.SaveScene(folder.PathOf("cut.jpg"), 400, 300, 6);
        File.Delete(folder.PathOf("2024/trip/lake.heic"));
        var afterEdits = await host.AnalyzeAsync(catalog);
        Assert.Equal((6, 3, 1, 2, 1), (afterEdits.Found, afterEdits.Unchanged, afterEdits.Analyzed, afterEdits.Failed, afterEdits.MarkedRemoved));
        Assert.Null(await host.Database.ScalarAsync<string>("SELECT error FROM lumina.images WHERE path = 'cut.jpg'"));
        Assert.NotNull(await host.Database.ScalarAsync<DateTime?>("SELECT removed_at FROM lumina.images WHERE path = '2024/trip/lake.heic'"));

        var redo = await host.AnalyzeAsync(catalog, force: true);
        Assert.Equal((0, 4, 2), (redo.Unchanged, redo.Analyzed, redo.Failed));
        Assert.True(File.Exists(redo.Backup), "a forced recompute backs the catalog up first");
    }

    [Fact]
    public async Task AnIncrementalRunFillsThePickOutputsOfPhotosAnalyzedByAnOlderVersion()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("a.jpg[Q=83]"), 640, 480, 3);
        TestImages.SaveScene(folder.PathOf("b.png"), 640, 480, 4);
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        await host.AnalyzeAsync(catalog);

        // What a catalog analyzed before these outputs existed holds: the older step versions and no values.
        await host.Database.ScalarAsync<int>(
            "UPDATE lumina.image_steps SET version = 1 WHERE step IN ('hashes', 'quality'); UPDATE lumina.images SET jpeg_quality = NULL, colourfulness = NULL, dhash_crops = NULL");
        var again = await host.AnalyzeAsync(catalog);

        Assert.Equal((0, 2), (again.Unchanged, again.Analyzed));
        Assert.Equal((short)83, await host.Database.ScalarAsync<short>("SELECT jpeg_quality FROM lumina.images WHERE path = 'a.jpg'"));
        Assert.Equal(2L, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM lumina.images WHERE colourfulness > 3 AND cardinality(dhash_crops) = 16"));
        Assert.Equal(0L, (await host.AnalyzeAsync(catalog)).Analyzed);
    }

    [Fact]
    public async Task APhotoOverThePerImageTimeLimitIsRecordedAndTheRestComplete()
    {
        using var folder = new PhotoFolder();
        // Incompressible noise in a PNG (no shrink-on-load) takes over a second to decode on an idle machine (8000x6000
        // took 0.6 s, too near a limit small enough for the test), a small photo milliseconds.
        TestImages.SaveNoise(folder.PathOf("huge.png"), 12000, 9000);
        TestImages.SaveScene(folder.PathOf("small.png"), 64, 48, 8);
        TestImages.SaveScene(folder.PathOf("zsmall.jpg"), 320, 240, 9);
        await using var host = await LuminaTestHost.StartAsync(s => s with { ImageTimeLimit = TimeSpan.FromMilliseconds(300) });
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);

        var summary = await host.AnalyzeAsync(catalog);

        var failure = Assert.Single(await host.FailuresAsync(catalog));
        Assert.Equal("huge.png", failure.Path);
        Assert.Contains("time limit", failure.Error);
        Assert.Equal((2, 1), (summary.Analyzed, summary.Failed));
        Assert.Equal(2L, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM lumina.images WHERE path IN ('small.png', 'zsmall.jpg') AND error IS NULL AND dhash IS NOT NULL AND thumbnail_ref IS NOT NULL"));
    }

    [Fact]
    public async Task AFolderCatalogNameCannotBeReusedForAnotherFolder()
    {
        using var first = new PhotoFolder();
        using var second = new PhotoFolder();
        await using var host = await LuminaTestHost.StartAsync();
        var catalogs = host.Get<CatalogService>();
        await catalogs.EnsureFolderCatalogAsync(first.Root, "photos", Ct);

        var error = await Assert.ThrowsAsync<CatalogException>(() => catalogs.EnsureFolderCatalogAsync(second.Root, "photos", Ct));

        Assert.Contains("already holds folder", error.Message);
        Assert.Contains("--catalog", error.Message);
        var missing = await Assert.ThrowsAsync<CatalogException>(() => catalogs.EnsureFolderCatalogAsync("/no/such/folder", null, Ct));
        Assert.Equal("no such folder: /no/such/folder", missing.Message);
    }
}

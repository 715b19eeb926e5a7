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
    public async Task APhotoOverThePerImageTimeLimitIsRecordedAndTheRestComplete()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("huge.jpg[Q=95]"), 4000, 3000, 7);
        TestImages.SaveScene(folder.PathOf("small.png"), 64, 48, 8);
        await using var host = await LuminaTestHost.StartAsync(s => s with { ImageTimeLimit = TimeSpan.FromMilliseconds(1) });
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);

        var summary = await host.AnalyzeAsync(catalog);

        var failure = Assert.Single(await host.FailuresAsync(catalog), f => f.Path == "huge.jpg");
        Assert.Contains("time limit", failure.Error);
        Assert.Equal(2, summary.Analyzed + summary.Failed);
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

using Lumina.Functions.Catalogs;
using Lumina.Functions.Jobs;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary>Files that only moved or were touched keep their image and are not decoded again.</summary>
public sealed class MovedFilesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMovedFileKeepsItsImageGroupAndStepsWithoutANewDecode()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("a.jpg[Q=95]"), 640, 480, 5);
        TestImages.SaveScene(folder.PathOf("a_small.jpg[Q=60]"), 320, 240, 5);
        TestImages.SaveScene(folder.PathOf("other.jpg"), 320, 240, 9);
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        await host.Get<JobService>().RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);
        var id = await host.Database.ScalarAsync<long>("SELECT id FROM lumina.images WHERE path = 'a_small.jpg'");
        var group = await host.Database.ScalarAsync<long>("SELECT group_id FROM lumina.duplicate_members WHERE image_id = $1", id);
        var thumbnail = Path.Combine(catalog.Derived, await host.Database.ScalarAsync<string>("SELECT thumbnail_ref FROM lumina.images WHERE id = $1", id) ?? "");
        var written = File.GetLastWriteTimeUtc(thumbnail);

        Directory.CreateDirectory(folder.PathOf("2024/small"));
        File.Move(folder.PathOf("a_small.jpg"), folder.PathOf("2024/small/a_small.jpg"));
        var result = await host.AnalyzeAsync(catalog);

        Assert.Equal((0, 0, 1, 0), (result.Analyzed, result.Failed, result.Moved, result.MarkedRemoved));
        Assert.Equal(id, await host.Database.ScalarAsync<long>("SELECT id FROM lumina.images WHERE path = '2024/small/a_small.jpg'"));
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.images WHERE removed_at IS NOT NULL OR path = 'a_small.jpg'"));
        Assert.Equal(group, await host.Database.ScalarAsync<long>("SELECT group_id FROM lumina.duplicate_members WHERE image_id = $1", id));
        Assert.Equal(5L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.image_steps WHERE image_id = $1", id));
        Assert.Equal(written, File.GetLastWriteTimeUtc(thumbnail));

        var rebuild = await host.Get<JobService>().RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);
        Assert.Equal("unchanged", rebuild.Progress!.Phases!.Single(p => p.Name == "duplicates").Status);
    }

    [Fact]
    public async Task ATouchedFileIsHashedNotDecodedWhileSameSizedNewContentIsDecoded()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("touched.jpg"), 320, 240, 1);
        TestImages.SaveScene(folder.PathOf("edited.jpg"), 320, 240, 2);
        TestImages.Tag(folder.PathOf("edited.jpg"), ("Make", "Lumina"));
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        await host.AnalyzeAsync(catalog);
        var changedAt = await host.Database.ScalarAsync<DateTime>("SELECT updated_at FROM lumina.images WHERE path = 'touched.jpg'");

        var later = DateTime.UtcNow.AddHours(1);
        File.SetLastWriteTimeUtc(folder.PathOf("touched.jpg"), later);
        var bytes = File.ReadAllBytes(folder.PathOf("edited.jpg"));
        var make = System.Text.Encoding.ASCII.GetBytes("Lumina");
        var at = bytes.AsSpan().IndexOf(make);
        bytes[at + 5] = (byte)'o';
        File.WriteAllBytes(folder.PathOf("edited.jpg"), bytes);
        var result = await host.AnalyzeAsync(catalog);

        Assert.Equal((1, 1, 0), (result.Analyzed, result.Unchanged, result.Failed));
        Assert.Equal("Lumino", await host.Database.ScalarAsync<string>("SELECT make FROM lumina.images WHERE path = 'edited.jpg'"));
        var touched = await host.Database.ScalarAsync<DateTime>("SELECT file_modified FROM lumina.images WHERE path = 'touched.jpg'");
        Assert.True(Math.Abs((touched - later).TotalMilliseconds) < 1, $"stored {touched:O}, file {later:O}");
        Assert.Equal(changedAt, await host.Database.ScalarAsync<DateTime>("SELECT updated_at FROM lumina.images WHERE path = 'touched.jpg'"));
        Assert.Equal(0, (await host.AnalyzeAsync(catalog)).Analyzed);
    }

    [Fact]
    public async Task RemovedImagesAreLeftOutOfTheExportUnlessAskedAndAPurgeDropsThemInChunksAfterABackup()
    {
        using var folder = new PhotoFolder();
        for (var i = 0; i < 5; i++)
        {
            TestImages.SaveScene(folder.PathOf($"p{i}.jpg"), 160, 120, 30 + i * 50);
        }

        TestImages.SaveScene(folder.PathOf("copy_a.jpg[Q=95]"), 640, 480, 5);
        TestImages.SaveScene(folder.PathOf("copy_b.jpg[Q=60]"), 320, 240, 5);
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "purged", Ct);
        await host.Get<JobService>().RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.duplicate_groups"));
        for (var i = 0; i < 4; i++)
        {
            File.Delete(folder.PathOf($"p{i}.jpg"));
        }

        File.Delete(folder.PathOf("copy_b.jpg"));
        Assert.Equal(5, (await host.AnalyzeAsync(catalog)).MarkedRemoved);

        Assert.Equal(["copy_a.jpg", "p4.jpg"], await ExportedPathsAsync(host, catalog, includeRemoved: false));
        Assert.Equal(7, (await ExportedPathsAsync(host, catalog, includeRemoved: true)).Count);

        var purge = await host.Get<RemovedImages>().PurgeAsync(catalog, chunk: 2, Ct);

        Assert.Equal((5, 1, 0), (purge.Purged, purge.Groups, purge.Bursts));
        Assert.True(File.Exists(purge.Backup!.Path));
        Assert.EndsWith("-before-purge-removed.zip", purge.Backup.Path);
        Assert.Equal(7L, purge.Backup.Manifest.Rows["images"]);
        Assert.Equal(["copy_a.jpg", "p4.jpg"], await ExportedPathsAsync(host, catalog, includeRemoved: true));
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.duplicate_groups"));

        var again = await host.Get<RemovedImages>().PurgeAsync(catalog, chunk: 2, Ct);
        Assert.Equal((0, (BackupFile?)null), (again.Purged, again.Backup));
    }

    private static async Task<List<string>> ExportedPathsAsync(LuminaTestHost host, Storage.Catalog.CatalogRecord catalog, bool includeRemoved) =>
        await host.Get<Storage.Catalog.ExportRepository>().ReadAsync(catalog.Id, includeRemoved, Ct).Select(r => r.Path).ToListAsync(Ct);
}

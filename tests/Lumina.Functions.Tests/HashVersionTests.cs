using Lumina.Core.Hashing;
using Lumina.Functions.Catalogs;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary>Hashes stored by an older algorithm version are recomputed by the next incremental analyze.</summary>
public sealed class HashVersionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnIncrementalAnalyzeRecomputesHashesOfAnOlderVersionAndOnlyThose()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("old.jpg"), 640, 480, 1);
        TestImages.SaveScene(folder.PathOf("current.jpg"), 640, 480, 2);
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        await host.AnalyzeAsync(catalog);
        var dhash = await DHashesAsync(host, "old.jpg");

        // As an earlier Lumina left it: other hashes, flagged with the previous version.
        await host.Database.ScalarAsync<int>(
            "UPDATE lumina.images SET dhash = 0, dhash_mirrored = 0, dhash_cropped = 0, dhash_cropped_mirrored = 0, ahash = 0, phash = 0, whash = 0 WHERE path = 'old.jpg'");
        await host.Database.ScalarAsync<int>(
            "UPDATE lumina.image_steps SET version = $1 FROM lumina.images i WHERE i.id = image_id AND i.path = 'old.jpg' AND step = 'hashes'",
            ImageHashes.Version - 1);

        var again = await host.AnalyzeAsync(catalog);

        Assert.Equal((1, 1), (again.Analyzed, again.Unchanged));
        Assert.Equal(dhash, await DHashesAsync(host, "old.jpg"));
        Assert.NotEqual(0L, await host.Database.ScalarAsync<long>("SELECT ahash | phash | whash FROM lumina.images WHERE path = 'old.jpg'"));
        Assert.Equal(ImageHashes.Version, await host.Database.ScalarAsync<int>(
            "SELECT s.version FROM lumina.image_steps s JOIN lumina.images i ON i.id = s.image_id WHERE i.path = 'old.jpg' AND s.step = 'hashes'"));
    }

    private static async Task<string?> DHashesAsync(LuminaTestHost host, string path) =>
        await host.Database.ScalarAsync<string>(
            "SELECT concat_ws(',', dhash, dhash_mirrored, dhash_cropped, dhash_cropped_mirrored) FROM lumina.images WHERE path = $1", path);
}

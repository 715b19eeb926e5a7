using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Jobs;
using Lumina.Imaging.Raw;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using Lumina.Testing.Raw;

namespace Lumina.Functions.Tests;

/// <summary>Camera RAW files through the real jobs: analysis, RAW+JPEG pairs, duplicates, bursts, incremental runs, the HTTP API.</summary>
public sealed class RawJobsTests
{
    private static readonly CameraShot Shot = new("NIKON CORPORATION", "NIKON Z 6", "2024:05:01 10:20:30", "42");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARawAndItsJpegAreOneShotAndNeverADuplicateGroupWhileTheRestCompletes()
    {
        using var folder = new PhotoFolder()
            .WithRawShot("IMG_0001", 21, Shot)
            .WithRawShot("IMG_0002", 22, Shot with { DateTimeOriginal = "2024:05:01 11:00:00" })
            .WithRawShot("IMG_0003", 23, Shot with { DateTimeOriginal = "2024:05:01 12:00:00" }, companion: false, preview: false);
        // The same scene as IMG_0002's, shot a hundredth of a second later: not the same shot.
        File.Move(folder.PathOf("IMG_0002.JPG"), folder.PathOf("IMG_0002.jpeg"));
        TestImages.Tag(folder.PathOf("IMG_0002.jpeg"), ("SubSecTimeOriginal", "43"));
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);

        var summary = await host.AnalyzeAsync(catalog);
        await host.Get<JobService>().RunAsync(JobTypes.DetectDuplicates, new JobInput(catalog.Id), null, Ct);

        Assert.Equal((5, 4, 1), (summary.Found, summary.Analyzed, summary.Failed));
        var records = await host.Get<ExportRepository>().ReadAsync(catalog.Id, Ct).ToDictionaryAsync(r => r.Path, cancellationToken: Ct);
        var (raw, jpeg) = (records["IMG_0001.NEF"], records["IMG_0001.JPG"]);
        Assert.Equal(("nef", "embedded-preview", "IMG_0001.JPG", "raw"), (raw.Format, raw.PixelsFrom, raw.RawPair, raw.RawPairRole));
        Assert.Equal(("jpeg", "decoded", "IMG_0001.NEF", "companion"), (jpeg.Format, jpeg.PixelsFrom, jpeg.RawPair, jpeg.RawPairRole));
        Assert.Equal((6048, 4024), (raw.Width, raw.Height));
        Assert.Equal(jpeg.Dhash, raw.Dhash);
        Assert.Null(jpeg.DuplicateGroup);
        Assert.Null(raw.DuplicateGroup);

        // Files that are not one shot are what they look like: duplicates.
        Assert.Null(records["IMG_0002.NEF"].RawPair);
        Assert.NotNull(records["IMG_0002.NEF"].DuplicateGroup);
        Assert.Equal(records["IMG_0002.NEF"].DuplicateGroup, records["IMG_0002.jpeg"].DuplicateGroup);

        var failed = records["IMG_0003.NEF"];
        Assert.Equal((RawFile.NoPreviewError, "nef", "NIKON Z 6"), (failed.Error, failed.Format, failed.Model));
        Assert.Null(failed.Thumbnail);
    }

    [Fact]
    public async Task APairCountsOnceInABurst()
    {
        using var folder = new PhotoFolder()
            .WithRawShot("DSC_0001", 31, Shot with { DateTimeOriginal = "2024:05:01 10:20:30", SubSeconds = "10" })
            .WithRawShot("DSC_0002", 32, Shot with { DateTimeOriginal = "2024:05:01 10:20:31", SubSeconds = "10" }, companion: false)
            .WithRawShot("DSC_0100", 33, Shot with { DateTimeOriginal = "2024:05:01 15:00:00", SubSeconds = "10" });
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);

        var rebuild = await host.Get<JobService>().RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);

        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, rebuild.RuntimeStatus);
        // DSC_0100's RAW and JPEG, 0 s apart, are one frame and no burst; DSC_0001's pair counts as its RAW.
        Assert.Equal([["DSC_0001.NEF", "DSC_0002.NEF"]], await host.BurstsAsync(catalog));
    }

    [Fact]
    public async Task AnExistingCatalogPicksUpRawFilesAndRedoesExifAnalyzedBefore()
    {
        using var camera = new PhotoFolder().WithRawShot("IMG_0001", 41, Shot);
        using var folder = new PhotoFolder();
        File.Copy(camera.PathOf("IMG_0001.JPG"), folder.PathOf("IMG_0001.JPG"));
        TestImages.SaveScene(folder.PathOf("other.jpg"), 400, 300, 42);
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        await host.AnalyzeAsync(catalog);

        // As a catalog analyzed before RAW support: EXIF at version 1, no pixel source recorded, no RAW files scanned.
        await host.Database.ScalarAsync<int>("UPDATE lumina.image_steps SET version = 1 WHERE step = 'exif'");
        await host.Database.ScalarAsync<int>("UPDATE lumina.images SET pixels_from = NULL");
        File.Copy(camera.PathOf("IMG_0001.NEF"), folder.PathOf("IMG_0001.NEF"));

        var next = await host.AnalyzeAsync(catalog);

        Assert.Equal((3, 0, 3, 0), (next.Found, next.Unchanged, next.Analyzed, next.Failed));
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.image_steps WHERE step = 'exif' AND version < 2"));
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.images WHERE pixels_from IS NULL"));
        var pair = await host.Get<ExportRepository>().ReadAsync(catalog.Id, Ct).SingleAsync(r => r.Path == "IMG_0001.JPG", Ct);
        Assert.Equal(("IMG_0001.NEF", "companion"), (pair.RawPair, pair.RawPairRole));
        var again = await host.AnalyzeAsync(catalog);
        Assert.Equal((3, 0), (again.Unchanged, again.Analyzed));
    }

    [Fact]
    public async Task TheHttpApiShowsAnImagesPairAndPixelSource()
    {
        using var folder = new PhotoFolder().WithRawShot("IMG_0001", 51, Shot);
        await using var host = await WebTestHost.StartAsync();
        await host.Client.PostAsync("/api/catalogs", JsonContent.Create(new { name = "raws", folder = folder.Root }), Ct);
        var catalog = await host.Get<CatalogRepository>().GetAsync("raws", Ct);
        await host.Get<JobService>().RunAsync(JobTypes.Analyze, new JobInput(catalog.Id), null, Ct);
        var id = await host.Database.ScalarAsync<long>("SELECT id FROM lumina.images WHERE path = 'IMG_0001.NEF'");

        var image = await host.Client.GetFromJsonAsync<JsonElement>($"/api/catalogs/raws/images/{id}", Ct);
        var missing = await host.Client.GetAsync($"/api/catalogs/raws/images/{id + 1000}", Ct);

        Assert.Equal("IMG_0001.NEF", image.GetProperty("path").GetString());
        Assert.Equal("nef", image.GetProperty("format").GetString());
        Assert.Equal("embedded-preview", image.GetProperty("pixels_from").GetString());
        Assert.Equal("IMG_0001.JPG", image.GetProperty("raw_pair").GetString());
        Assert.Equal("raw", image.GetProperty("raw_pair_role").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

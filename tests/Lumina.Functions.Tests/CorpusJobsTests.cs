using System.Globalization;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Jobs;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using Lumina.Testing.Corpus;

namespace Lumina.Functions.Tests;

/// <summary>Duplicate and burst detection end to end on the shared corpus' labelled photos.</summary>
public sealed class CorpusJobsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DuplicateGroupsReachTheGoalPrecisionAndRecallOnTheLabelledCorpus()
    {
        var dups = RepoPaths.RequireCorpus("dups");
        var labels = File.ReadLines(Path.Combine(dups, "labels.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => f[1].StartsWith("single", StringComparison.Ordinal) ? f[0] : f[1]);
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(dups, null, Ct);
        await host.AnalyzeAsync(catalog);

        await host.Get<JobService>().RunAsync(JobTypes.DetectDuplicates, new JobInput(catalog.Id), null, Ct);

        var groupOf = await host.Get<ExportRepository>().ReadAsync(catalog.Id, Ct)
            .Where(r => labels.ContainsKey(r.Path)).ToDictionaryAsync(r => r.Path, r => r.DuplicateGroup, cancellationToken: Ct);
        Assert.Equal(labels.Count, groupOf.Count);
        var paths = labels.Keys.Order(StringComparer.Ordinal).ToList();
        int truePositives = 0, predicted = 0, actual = 0;
        for (var i = 0; i < paths.Count; i++)
        {
            for (var j = i + 1; j < paths.Count; j++)
            {
                var same = labels[paths[i]] == labels[paths[j]];
                var grouped = groupOf[paths[i]] is { } g && g == groupOf[paths[j]];
                actual += same ? 1 : 0;
                predicted += grouped ? 1 : 0;
                truePositives += same && grouped ? 1 : 0;
            }
        }

        var precision = truePositives / (double)predicted;
        var recall = truePositives / (double)actual;
        var report = $"pairwise precision {precision:F3}, recall {recall:F3} ({truePositives} of {actual} labelled pairs, {predicted} predicted)";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(precision >= 0.98, report);
        Assert.True(recall >= 0.90, report);
    }

    [Fact]
    public async Task TheExportListsEveryFileOfTheExifTruthAndAgreesWithExiftoolOnAtLeast99PercentOfEveryField()
    {
        var exif = RepoPaths.RequireCorpus("exif");
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(exif, null, Ct);
        await host.AnalyzeAsync(catalog);

        var exported = await host.Get<ExportRepository>().ReadAsync(catalog.Id, Ct).ToDictionaryAsync(r => r.Path, cancellationToken: Ct);
        var agreement = new ExifAgreement(CorpusTruth.Load(Path.Combine(exif, "truth.csv"))).Measure(row =>
            exported.TryGetValue(row.File, out var r)
                ? new ExifObserved(
                    r.DateSource == "DateTimeOriginal" ? r.SelectedDate?.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture) : null,
                    r.Make, r.Model, r.GpsLat, r.GpsLon, r.Width, r.Height, r.Orientation)
                : null);

        var report = agreement.Report();
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.Equal(agreement.Rows.Count, agreement.Agreeing("present"));
        Assert.All(agreement.Fields, f => Assert.True(agreement.Agreeing(f) >= 0.99 * agreement.Rows.Count, report));
        Assert.Equal("dng", exported["exif-py/raw/nikon_z_9_high_efficiency_compressed_dx_cropped_max_overexposed.dng"].Format);
        Assert.Equal("arw", exported["exif-py/raw/sony_alpha_a7iii_raw_image.ARW"].Format);
    }

    [Fact]
    public async Task OnlyTheCorpusSequenceShotWithinTwoSecondsIsABurst()
    {
        var corpus = RepoPaths.RequireCorpus(".");
        var sequences = File.ReadLines(Path.Combine(corpus, "bursts.csv")).Skip(1).Select(l => l.Split(','))
            .Select(f => (Sequence: f[0], File: f[1])).ToList();
        using var folder = new PhotoFolder();
        foreach (var (sequence, file) in sequences)
        {
            File.Copy(Path.Combine(corpus, file), folder.PathOf($"{sequence}__{Path.GetFileName(file)}"));
        }

        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        var rebuild = await host.Get<JobService>().RunAsync(JobTypes.Rebuild, new JobInput(catalog.Id), null, Ct);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, rebuild.RuntimeStatus);

        var burst = Assert.Single(await host.BurstsAsync(catalog));
        Assert.Equal(["iphone_hdr__iphone_hdr_NO.jpg", "iphone_hdr__iphone_hdr_YES.jpg"], burst);
    }
}

using System.Globalization;
using Lumina.Imaging.Analysis;
using Lumina.Testing;
using Lumina.Testing.Corpus;

namespace Lumina.Imaging.Tests;

/// <summary>Agreement with exiftool (the corpus' truth.csv) on real camera and phone files.</summary>
public sealed class ExifCorpusTests
{
    private static readonly ImageAnalyzer Analyzer = new(new AnalysisSettings());

    [Fact]
    public void AgreesWithExiftoolOnAtLeast99PercentOfEveryField()
    {
        var folder = RepoPaths.RequireCorpus("exif");
        var agreement = new ExifAgreement(CorpusTruth.Load(Path.Combine(folder, "truth.csv"))).Measure(row =>
        {
            var analysis = Analyzer.Analyze(File.ReadAllBytes(Path.Combine(folder, row.File)), TestContext.Current.CancellationToken);
            var exif = analysis.Exif;
            return new ExifObserved(
                exif.DateTimeOriginal?.Local.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture), exif.Make, exif.Model,
                exif.Latitude, exif.Longitude, analysis.Width, analysis.Height, exif.Orientation);
        });

        var report = agreement.Report();
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.All(agreement.Fields, f => Assert.True(agreement.Agreeing(f) >= 0.99 * agreement.Rows.Count, report));
    }

    [Fact]
    public void TheNikonD5000PositionIsReadDespiteItsUndefinedSeconds()
    {
        var file = Path.Combine(RepoPaths.RequireCorpus("exif"), "metadata-extractor-images", "jpg", "Nikon D5000.jpg");

        var exif = Analyzer.Analyze(File.ReadAllBytes(file), TestContext.Current.CancellationToken).Exif;

        Assert.Equal(48.8887263, exif.Latitude!.Value, 6);
        Assert.Equal(21.0432512, exif.Longitude!.Value, 6);
        Assert.Equal(324.145, exif.Altitude!.Value, 3);
    }
}

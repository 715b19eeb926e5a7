using System.Globalization;
using Lumina.Imaging.Analysis;
using Lumina.Testing;
using Lumina.Testing.Corpus;

namespace Lumina.Imaging.Tests;

/// <summary>Corrupt, mislabelled and odd files from the corpus' edge/ folder.</summary>
public sealed class EdgeCorpusTests
{
    private static readonly ImageAnalyzer Analyzer = new(new AnalysisSettings());

    /// <summary>Files whose pixels cannot be decoded, and what the error must say.</summary>
    private static readonly Dictionary<string, string> Undecodable = new()
    {
        ["exif-py__corrupted.jpg"] = "could not decode the jpeg image",
        ["imagededup__ukbench09268_corrupt.jpg"] = "not an image",
        ["metadata-extractor-images__beach.jpg"] = "unreadable jpeg header",
        ["metadata-extractor-images__NegativeArraySizeException.ItemInfoBox.init.heif"] = "unreadable heic header",
    };

    [Fact]
    public void EveryFileEitherDecodesOrCarriesAClearErrorAndKeepsItsReadableExif()
    {
        var folder = RepoPaths.RequireCorpus("edge");
        Loaders.Require("heic");
        var rows = CorpusTruth.Load(Path.Combine(folder, "truth.csv"));
        Assert.Equal(17, rows.Count);

        foreach (var row in rows)
        {
            var analysis = Analyzer.Analyze(File.ReadAllBytes(Path.Combine(folder, row.File)), TestContext.Current.CancellationToken);

            if (Undecodable.TryGetValue(row.File, out var expected))
            {
                Assert.Null(analysis.Pixels);
                Assert.NotNull(analysis.Error);
                Assert.Contains(expected, analysis.Error);
            }
            else
            {
                Assert.True(analysis.Error is null, $"{row.File}: {analysis.Error}");
                Assert.NotNull(analysis.Pixels);
                Assert.Equal(row.Width, analysis.Width?.ToString(CultureInfo.InvariantCulture));
                Assert.Equal(row.Height, analysis.Height?.ToString(CultureInfo.InvariantCulture));
            }

            Assert.Equal(64, analysis.Sha256.Length * 2);
            Assert.Equal(row.DateTimeOriginal, analysis.Exif.DateTimeOriginal?.Local.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "");
            Assert.Equal(row.Make, analysis.Exif.Make ?? "");
            Assert.Equal(row.Model, analysis.Exif.Model ?? "");
        }
    }

    [Fact]
    public void AHeicFileNamedJpgIsDetectedAsHeic()
    {
        var folder = RepoPaths.RequireCorpus("edge");
        Loaders.Require("heic");

        var analysis = Analyzer.Analyze(File.ReadAllBytes(Path.Combine(folder, "exif-py__heic_hdlr_box.jpg")), TestContext.Current.CancellationToken);

        Assert.Equal("heic", analysis.Format);
        Assert.NotNull(analysis.Pixels);
    }

    [Fact]
    public void AZeroZeroPositionCountsAsNoGps()
    {
        var folder = RepoPaths.RequireCorpus("edge");

        var analysis = Analyzer.Analyze(File.ReadAllBytes(Path.Combine(folder, "metadata-extractor-images__Issue 308.jpg")), TestContext.Current.CancellationToken);

        Assert.Equal("456", analysis.Exif.Make);
        Assert.Null(analysis.Exif.Latitude);
        Assert.Null(analysis.Exif.Longitude);
    }
}

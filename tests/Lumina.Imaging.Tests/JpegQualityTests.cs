using Lumina.Core.Quality;
using Lumina.Imaging.Analysis;
using Lumina.Testing;

namespace Lumina.Imaging.Tests;

/// <summary>The quality estimate from quantization tables, and colourfulness, on images libvips encodes.</summary>
public sealed class JpegQualityTests(GeneratedImages images) : IClassFixture<GeneratedImages>
{
    private static readonly ImageAnalyzer Analyzer = new(new AnalysisSettings());

    [Theory]
    [InlineData(5)]
    [InlineData(30)]
    [InlineData(50)]
    [InlineData(75)]
    [InlineData(87)]
    [InlineData(92)]
    [InlineData(100)]
    public void TheEstimateIsTheQualityLibjpegWasAskedFor(int quality)
    {
        var bytes = images.Scene($"q{quality}.jpg[Q={quality}]", 320, 240);

        Assert.Equal(quality, JpegQuality.Estimate(bytes));
        Assert.Equal(quality, Analyzer.Analyze(bytes, TestContext.Current.CancellationToken).JpegQuality);
    }

    [Fact]
    public void OnlyJpegsHaveAnEstimate()
    {
        Assert.Null(Analyzer.Analyze(images.Scene("lossless.png", 320, 240), TestContext.Current.CancellationToken).JpegQuality);
        Assert.Null(JpegQuality.Estimate([0xFF, 0xD8, 0xFF, 0xDA, 0, 2]));
        Assert.Null(JpegQuality.Estimate([1, 2, 3]));
    }

    [Fact]
    public void AGreyPictureIsGreyEvenStoredInThreeChannels()
    {
        images.Scene("colour.jpg[Q=90]", 320, 240);
        TestImages.Run("vips", "colourspace", images.PathOf("colour.jpg"), images.PathOf("grey1.jpg"), "b-w");
        TestImages.Run("vips", "colourspace", images.PathOf("grey1.jpg"), images.PathOf("grey3.jpg[Q=90]"), "srgb");

        var colour = Colourfulness(images.PathOf("colour.jpg"));
        var greyOneBand = Colourfulness(images.PathOf("grey1.jpg"));
        var greyThreeBands = Colourfulness(images.PathOf("grey3.jpg"));

        Assert.False(Core.Quality.Colourfulness.IsGrey(colour), $"colour measured {colour}");
        Assert.Equal(0, greyOneBand);
        Assert.True(Core.Quality.Colourfulness.IsGrey(greyThreeBands), $"grey in three bands measured {greyThreeBands}");

        static double Colourfulness(string path) =>
            Analyzer.Analyze(File.ReadAllBytes(path), TestContext.Current.CancellationToken).Pixels!.Colourfulness;
    }
}

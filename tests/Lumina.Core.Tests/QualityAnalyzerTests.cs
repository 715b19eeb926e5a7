using Lumina.Core.Quality;

namespace Lumina.Core.Tests;

public sealed class QualityAnalyzerTests
{
    [Fact]
    public void ABlurredImageIsLessSharpAndScoresLower()
    {
        var sharp = Planes.Scene(11, 400, 300);
        var blurred = Planes.BoxBlur(sharp, 3);

        var sharpMetrics = QualityAnalyzer.Measure(sharp, sharp, 12_000_000);
        var blurredMetrics = QualityAnalyzer.Measure(blurred, blurred, 12_000_000);

        Assert.True(blurredMetrics.Sharpness < sharpMetrics.Sharpness / 4, $"{blurredMetrics.Sharpness} vs {sharpMetrics.Sharpness}");
        Assert.True(blurredMetrics.Score < sharpMetrics.Score);
    }

    [Fact]
    public void ClippedPixelsAreCountedAndLowerTheScore()
    {
        var pixels = new byte[100 * 100];
        Array.Fill(pixels, (byte)255, 0, 3000);
        Array.Fill(pixels, (byte)0, 3000, 1000);
        Array.Fill(pixels, (byte)128, 4000, 6000);
        var clipped = new GreyPlane(100, 100, pixels);
        var balanced = new GreyPlane(100, 100, pixels.Select(p => (byte)Math.Clamp((int)p, 60, 200)).ToArray());

        var metrics = QualityAnalyzer.Measure(clipped, clipped, 1_000_000);

        Assert.Equal(0.30, metrics.HighlightClipping, 6);
        Assert.Equal(0.10, metrics.ShadowClipping, 6);
        Assert.True(metrics.Score < QualityAnalyzer.Measure(balanced, balanced, 1_000_000).Score);
    }

    [Fact]
    public void NoiseEstimateFollowsAddedGaussianNoise()
    {
        var random = new Random(3);
        var flat = new byte[300 * 300];
        for (var i = 0; i < flat.Length; i++)
        {
            // Box-Muller, sigma 5 around mid-grey.
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            flat[i] = (byte)Math.Clamp(Math.Round(128 + 5 * gaussian), 0, 255);
        }

        var plane = new GreyPlane(300, 300, flat);
        var metrics = QualityAnalyzer.Measure(plane, plane, 1_000_000);

        Assert.InRange(metrics.Noise, 4.3, 5.7);
        Assert.InRange(metrics.Contrast, 4.5, 5.5);
    }

    [Fact]
    public void ScoreStaysWithin0And100AndRewardsResolution()
    {
        var plane = Planes.Scene(12, 300, 200);

        var small = QualityAnalyzer.Measure(plane, plane, 300 * 200);
        var large = QualityAnalyzer.Measure(plane, plane, 24_000_000);

        Assert.InRange(small.Score, 0, 100);
        Assert.InRange(large.Score, 0, 100);
        Assert.Equal(24, large.Megapixels);
        Assert.True(large.Score > small.Score);
    }
}

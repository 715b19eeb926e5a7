namespace Lumina.Core.Quality;

/// <summary>
/// Measures sharpness and noise on a full-resolution detail crop (the centre of the preview), exposure
/// and contrast on the whole image (the thumbnail), and turns them into component scores in 0..1:
/// <list type="bullet">
/// <item>sharpness: log10 of the Laplacian variance mapped from 1 (blurred) to 3 (crisp);</item>
/// <item>exposure: 1 minus five times the clipped fraction (20% clipped scores 0);</item>
/// <item>contrast: luminance standard deviation over 64;</item>
/// <item>noise: sigma 1 or less scores 1, sigma 10 or more scores 0;</item>
/// <item>resolution: megapixels over 8.</item>
/// </list>
/// The score weighs them 35/20/15/15/15 and scales to 0-100.
/// </summary>
public static class QualityAnalyzer
{
    public static QualityMetrics Measure(GreyPlane whole, GreyPlane detail, long originalPixels)
    {
        var (shadows, highlights, contrast) = Exposure(whole);
        var sharpness = LaplacianVariance(detail);
        var noise = NoiseSigma(detail);
        var megapixels = originalPixels / 1_000_000.0;

        var score =
            0.35 * Clamp((Math.Log10(sharpness + 1e-9) - 1) / 2) +
            0.20 * Clamp(1 - 5 * (shadows + highlights)) +
            0.15 * Clamp(contrast / 64) +
            0.15 * Clamp(1 - (noise - 1) / 9) +
            0.15 * Clamp(megapixels / 8);
        return new QualityMetrics(sharpness, shadows, highlights, contrast, noise, megapixels, Math.Round(100 * score, 2));
    }

    // Sums of integers are kept in integers: exact, as the doubles they replace were (every sum stays below 2^53), and faster.
    private static (double Shadows, double Highlights, double Contrast) Exposure(GreyPlane plane)
    {
        long dark = 0, bright = 0, sum = 0, sumSquares = 0;
        foreach (var p in plane.Pixels)
        {
            dark += p <= 2 ? 1 : 0;
            bright += p >= 253 ? 1 : 0;
            sum += p;
            sumSquares += p * p;
        }

        double n = plane.Pixels.Length;
        var mean = sum / n;
        return (dark / n, bright / n, Math.Sqrt(Math.Max(0, sumSquares / n - mean * mean)));
    }

    private static double LaplacianVariance(GreyPlane plane)
    {
        if (plane.Width < 3 || plane.Height < 3)
        {
            return 0;
        }

        var w = plane.Width;
        long sum = 0, sumSquares = 0;
        for (var y = 1; y < plane.Height - 1; y++)
        {
            ReadOnlySpan<byte> above = plane.Pixels.AsSpan((y - 1) * w, w), row = plane.Pixels.AsSpan(y * w, w), below = plane.Pixels.AsSpan((y + 1) * w, w);
            for (var x = 1; x < w - 1; x++)
            {
                var laplacian = above[x] + below[x] + row[x - 1] + row[x + 1] - 4 * row[x];
                sum += laplacian;
                sumSquares += laplacian * laplacian;
            }
        }

        double n = (plane.Width - 2) * (plane.Height - 2);
        var mean = sum / n;
        return sumSquares / n - mean * mean;
    }

    private static double NoiseSigma(GreyPlane plane)
    {
        if (plane.Width < 3 || plane.Height < 3)
        {
            return 0;
        }

        // Immerkaer (1996): the mask [1 -2 1; -2 4 -2; 1 -2 1] cancels image structure up to second
        // order, leaving mostly noise; sigma = sqrt(pi/2) / (6 (W-2)(H-2)) * sum |response|.
        var w = plane.Width;
        long total = 0;
        for (var y = 1; y < plane.Height - 1; y++)
        {
            ReadOnlySpan<byte> above = plane.Pixels.AsSpan((y - 1) * w, w), row = plane.Pixels.AsSpan(y * w, w), below = plane.Pixels.AsSpan((y + 1) * w, w);
            for (var x = 1; x < w - 1; x++)
            {
                var response =
                    above[x - 1] - 2 * above[x] + above[x + 1]
                    - 2 * row[x - 1] + 4 * row[x] - 2 * row[x + 1]
                    + below[x - 1] - 2 * below[x] + below[x + 1];
                total += Math.Abs(response);
            }
        }

        return Math.Sqrt(Math.PI / 2) * total / (6.0 * (plane.Width - 2) * (plane.Height - 2));
    }

    private static double Clamp(double value) => Math.Clamp(value, 0, 1);
}

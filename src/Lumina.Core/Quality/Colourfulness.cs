namespace Lumina.Core.Quality;

/// <summary>
/// How coloured an image is: the mean chroma (largest minus smallest of R, G and B, 0-255) of its pixels.
/// A grey picture stored in three channels measures near 0 (chroma subsampling leaves a level or two).
/// </summary>
public static class Colourfulness
{
    /// <summary>Mean chroma below which an image is grey.</summary>
    public const double GreyBelow = 3;

    /// <summary>The mean chroma of 8-bit pixels of 1 band (0) or 3 bands, band-interleaved.</summary>
    public static double Measure(ReadOnlySpan<byte> pixels, int bands)
    {
        if (bands == 1 || pixels.Length == 0)
        {
            return 0;
        }

        if (bands != 3 || pixels.Length % 3 != 0)
        {
            throw new ArgumentException($"expected pixels of 1 or 3 bands, got {pixels.Length} bytes in {bands} bands", nameof(pixels));
        }

        long sum = 0;
        for (var p = 0; p < pixels.Length; p += 3)
        {
            int r = pixels[p], g = pixels[p + 1], b = pixels[p + 2];
            sum += Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b));
        }

        return Math.Round(sum / (pixels.Length / 3.0), 2);
    }

    public static bool IsGrey(double colourfulness) => colourfulness < GreyBelow;
}

namespace Lumina.Core.Quality;

/// <summary>
/// Raw image-quality measurements and the 0-100 score combined from them.
/// </summary>
/// <param name="Sharpness">Variance of the Laplacian over the detail crop (higher is sharper).</param>
/// <param name="ShadowClipping">Fraction of pixels at 0-2 (crushed blacks).</param>
/// <param name="HighlightClipping">Fraction of pixels at 253-255 (blown highlights).</param>
/// <param name="Contrast">Standard deviation of luminance, 0-127.5.</param>
/// <param name="Noise">Estimated noise sigma in 8-bit levels (Immerkaer's method) over the detail crop.</param>
/// <param name="Megapixels">Pixel count of the original.</param>
/// <param name="Score">The weighted combination of the component scores, 0-100.</param>
public sealed record QualityMetrics(
    double Sharpness,
    double ShadowClipping,
    double HighlightClipping,
    double Contrast,
    double Noise,
    double Megapixels,
    double Score)
{
    /// <summary>
    /// Algorithm version of the quality step; bump it when a metric, the score or another output of the step
    /// (JPEG quality, colourfulness: version 2) changes.
    /// </summary>
    public const int Version = 2;
}

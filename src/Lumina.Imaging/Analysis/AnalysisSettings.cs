namespace Lumina.Imaging.Analysis;

/// <summary>Sizes and limits of the per-image analysis.</summary>
public sealed record AnalysisSettings
{
    /// <summary>Shorter side of the JPEG preview, in pixels. Default 1440.</summary>
    public int PreviewSize { get; init; } = 1440;

    /// <summary>Shorter side of the WebP thumbnail, in pixels. Default 256.</summary>
    public int ThumbnailSize { get; init; } = 256;

    /// <summary>JPEG quality of the preview. Default 80.</summary>
    public int PreviewQuality { get; init; } = 80;

    /// <summary>WebP quality of the thumbnail. Default 75.</summary>
    public int ThumbnailQuality { get; init; } = 75;

    /// <summary>Side of the centre crop of the preview where sharpness and noise are measured. Default 512.</summary>
    public int DetailCropSize { get; init; } = 512;

    /// <summary>
    /// Side of the square RGB input made for a CLIP image encoder (shorter side resized with a bicubic
    /// kernel, centre crop), or null to make none. Default null; set when a CLIP model is configured.
    /// </summary>
    public int? ClipInputSize { get; init; }

    /// <summary>Largest image, in pixels, that is decoded; larger ones are refused as decompression bombs. Default 250 megapixels.</summary>
    public long MaxPixels { get; init; } = 250_000_000;

    public void Validate()
    {
        Check(PreviewSize is >= 16 and <= 10_000, nameof(PreviewSize), "must be 16-10000");
        Check(ThumbnailSize is >= 16 and <= 10_000, nameof(ThumbnailSize), "must be 16-10000");
        Check(PreviewQuality is >= 1 and <= 100, nameof(PreviewQuality), "must be 1-100");
        Check(ThumbnailQuality is >= 1 and <= 100, nameof(ThumbnailQuality), "must be 1-100");
        Check(DetailCropSize >= 16, nameof(DetailCropSize), "must be at least 16");
        Check(MaxPixels > 0, nameof(MaxPixels), "must be positive");
        Check(ClipInputSize is null or (>= 16 and <= 2048), nameof(ClipInputSize), "must be 16-2048 when set");
    }

    private static void Check(bool ok, string property, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"AnalysisSettings.{property} {rule}");
        }
    }
}

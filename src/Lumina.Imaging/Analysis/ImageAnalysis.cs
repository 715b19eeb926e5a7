using Lumina.Core.Hashing;
using Lumina.Core.Metadata;
using Lumina.Core.Quality;

namespace Lumina.Imaging.Analysis;

/// <summary>
/// Everything derived from one read and one decode of an original. When the pixels could not be
/// decoded, <see cref="Error"/> says why and what could still be read (hash, EXIF, header) is kept.
/// </summary>
public sealed record ImageAnalysis
{
    public required byte[] Sha256 { get; init; }

    public required long Size { get; init; }

    public ExifData Exif { get; init; } = ExifData.Empty;

    /// <summary>Format detected from content ("jpeg", "heic", ...), null when not recognised.</summary>
    public string? Format { get; init; }

    /// <summary>Stored pixel width, before the orientation is applied (a RAW file's: its sensor image's, not its preview's).</summary>
    public int? Width { get; init; }

    /// <summary>Stored pixel height, before the orientation is applied.</summary>
    public int? Height { get; init; }

    /// <summary>EXIF orientation 1-8 (null when absent); the preview and hashes are of the upright image.</summary>
    public int? Orientation { get; init; }

    /// <summary>The IJG quality a JPEG's quantization tables match (1-100), null for other formats.</summary>
    public int? JpegQuality { get; init; }

    public DecodedImage? Pixels { get; init; }

    /// <summary>Where <see cref="Pixels"/> came from: <see cref="PixelSources"/>; null when nothing was decoded.</summary>
    public string? PixelsFrom { get; init; }

    public string? Error { get; init; }
}

/// <summary>Where an analysis' pixels came from.</summary>
public static class PixelSources
{
    /// <summary>The original's own image data, decoded by libvips.</summary>
    public const string Decoded = "decoded";

    /// <summary>The largest JPEG preview a camera RAW file embeds (libvips cannot decode RAW sensor data).</summary>
    public const string EmbeddedPreview = "embedded-preview";
}

/// <summary>
/// The outputs computed from the decoded pixels. <see cref="ClipInput"/>, when asked for, is the CLIP
/// encoder's input: a square of interleaved sRGB bytes. <see cref="Colourfulness"/> is the thumbnail's mean
/// chroma (<see cref="Core.Quality.Colourfulness"/>); <see cref="CameraThumbnailDifference"/> how far the pixels are
/// from the camera's EXIF thumbnail (<see cref="Core.Quality.CameraThumbnail"/>), null without one.
/// </summary>
public sealed record DecodedImage(
    ImageHashes Hashes,
    DifferenceVariants Variants,
    IReadOnlyList<ulong> CropHashes,
    QualityMetrics Quality,
    double Colourfulness,
    double? CameraThumbnailDifference,
    EncodedImage Thumbnail,
    EncodedImage Preview,
    byte[]? ClipInput = null);

/// <summary>An encoded derived image (WebP thumbnail or JPEG preview) and its size.</summary>
public sealed record EncodedImage(byte[] Bytes, int Width, int Height, string ContentType);

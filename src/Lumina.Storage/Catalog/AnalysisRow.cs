using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lumina.Storage.Catalog;

/// <summary>
/// One image's analysis as <c>lumina.save_analysis</c> receives it (serialized as snake_case JSON).
/// Hashes are the 64-bit values reinterpreted as signed, as PostgreSQL bigint stores them.
/// </summary>
public sealed record AnalysisRow
{
    public required string Path { get; init; }

    public required long FileSize { get; init; }

    public required DateTimeOffset FileModified { get; init; }

    public string? Etag { get; init; }

    /// <summary>Lower-case hex.</summary>
    public required string Sha256 { get; init; }

    public string? Format { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public int? Orientation { get; init; }

    /// <summary>"yyyy-MM-ddTHH:mm:ss.fffffff", wall-clock as recorded.</summary>
    public string? SelectedDate { get; init; }

    public string? DateOffset { get; init; }

    public bool? DateSubseconds { get; init; }

    public string? DateSource { get; init; }

    public string? Make { get; init; }

    public string? Model { get; init; }

    public string? Lens { get; init; }

    public int? Iso { get; init; }

    public double? FNumber { get; init; }

    public double? ExposureTime { get; init; }

    public double? FocalLength { get; init; }

    public double? GpsLat { get; init; }

    public double? GpsLon { get; init; }

    public double? GpsAlt { get; init; }

    public string? CameraSerial { get; init; }

    public string? BurstUuid { get; init; }

    public int? SequenceNumber { get; init; }

    /// <summary>The raw EXIF dates and anything else kept for reference.</summary>
    public JsonElement? Exif { get; init; }

    public long? Ahash { get; init; }

    public long? Dhash { get; init; }

    public long? Phash { get; init; }

    public long? Whash { get; init; }

    public long? DhashMirrored { get; init; }

    public long? DhashCropped { get; init; }

    public long? DhashCroppedMirrored { get; init; }

    public IReadOnlyList<long>? DhashCrops { get; init; }

    public int? JpegQuality { get; init; }

    public double? Colourfulness { get; init; }

    public double? CameraThumbnailDifference { get; init; }

    public string? ThumbnailRef { get; init; }

    public int? ThumbnailWidth { get; init; }

    public int? ThumbnailHeight { get; init; }

    public string? PreviewRef { get; init; }

    public int? PreviewWidth { get; init; }

    public int? PreviewHeight { get; init; }

    public double? QualityScore { get; init; }

    public JsonElement? Quality { get; init; }

    /// <summary>"decoded", or "embedded-preview" for a RAW file's pixels; null when nothing was decoded.</summary>
    public string? PixelsFrom { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>Steps this analysis completed, with their versions.</summary>
    public required IReadOnlyDictionary<string, int> Steps { get; init; }

    internal static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        DictionaryKeyPolicy = null,
    };
}

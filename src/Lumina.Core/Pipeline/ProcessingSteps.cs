using Lumina.Core.Hashing;
using Lumina.Core.Quality;

namespace Lumina.Core.Pipeline;

/// <summary>
/// Per-image processing steps and the algorithm version each is at. An image's flags record the
/// version that produced its data; an incremental run redoes a step whose flag is missing or older.
/// </summary>
public static class ProcessingSteps
{
    public const string Exif = "exif";
    public const string Thumbnail = "thumbnail";
    public const string Preview = "preview";
    public const string Hashes = "hashes";
    public const string Quality = "quality";
    public const string Geohash = "geohash";
    public const string Clip = "clip";
    public const string Tags = "tags";

    /// <summary>The steps one decode of an original produces, with their current versions.</summary>
    public static IReadOnlyDictionary<string, int> Analysis { get; } = new Dictionary<string, int>
    {
        // 2: GPS positions stored in any component layout or IFD are read; RAW files are analyzed.
        [Exif] = 2,
        [Thumbnail] = 1,
        [Preview] = 1,
        [Hashes] = ImageHashes.Version,
        [Quality] = QualityMetrics.Version,
    };

    /// <summary>Every per-image step with its current version: the analysis, geohash, and (with a CLIP model) embeddings and auto-tags.</summary>
    public static IReadOnlyDictionary<string, int> All { get; } = new Dictionary<string, int>(Analysis)
    {
        [Geohash] = 1,
        [Clip] = 1,
        [Tags] = 1,
    };
}

namespace Lumina.Storage.Catalog;

/// <summary>
/// One image as `lumina export` writes it, straight from the catalog. <see cref="PixelsFrom"/> is "decoded"
/// or "embedded-preview" (a RAW file's); <see cref="RawPair"/> is the path of the other file of a RAW+JPEG
/// pair, and <see cref="RawPairRole"/> this file's part in it, "raw" (the original) or "companion".
/// <see cref="DuplicateDecision"/> and <see cref="BurstDecision"/> are a person's "keep" or "reject" of the image in its
/// current group and burst (null when undecided).
/// </summary>
public sealed record ExportRecord(
    string Path,
    DateTime? SelectedDate,
    bool DateSubseconds,
    string? DateOffset,
    string? DateSource,
    string? Make,
    string? Model,
    string? Lens,
    int? Iso,
    double? FNumber,
    double? ExposureTime,
    double? FocalLength,
    double? GpsLat,
    double? GpsLon,
    double? GpsAlt,
    string? Format,
    long FileSize,
    int? Width,
    int? Height,
    int? Orientation,
    ulong? Ahash,
    ulong? Dhash,
    ulong? Phash,
    ulong? Whash,
    byte[]? Sha256,
    double? QualityScore,
    string? Quality,
    string? Thumbnail,
    string? Preview,
    string? Error,
    IReadOnlyList<string> Warnings,
    bool Removed,
    string? Geohash,
    long? DuplicateGroup,
    bool? DuplicateBest,
    long? BurstId,
    bool? BurstBest,
    IReadOnlyList<string> Tags,
    string? PixelsFrom,
    string? RawPair,
    string? RawPairRole,

    string? DuplicateBestReason,
    string? BurstBestReason,
    long Id,
    string? DuplicateDecision,
    string? BurstDecision);

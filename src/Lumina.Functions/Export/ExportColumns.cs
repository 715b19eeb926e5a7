using System.Globalization;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Export;

/// <summary>The fields of an exported image, in order, with their values.</summary>
internal static class ExportColumns
{
    public static IReadOnlyList<(string Name, Func<ExportRecord, object?> Value)> All { get; } =
    [
        ("path", r => r.Path),
        ("id", r => r.Id),
        ("selected_date", r => r.SelectedDate?.ToString(r.DateSubseconds ? "yyyy-MM-dd'T'HH:mm:ss.fff" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
        ("date_source", r => r.DateSource),
        ("date_offset", r => r.DateOffset),
        ("make", r => r.Make),
        ("model", r => r.Model),
        ("lens", r => r.Lens),
        ("iso", r => r.Iso),
        ("f_number", r => r.FNumber),
        ("exposure_time", r => r.ExposureTime),
        ("focal_length", r => r.FocalLength),
        ("gps_lat", r => r.GpsLat),
        ("gps_lon", r => r.GpsLon),
        ("gps_alt", r => r.GpsAlt),
        ("format", r => r.Format),
        ("pixels_from", r => r.PixelsFrom),
        ("raw_pair", r => r.RawPair),
        ("raw_pair_role", r => r.RawPairRole),
        ("file_size", r => r.FileSize),
        ("width", r => r.Width),
        ("height", r => r.Height),
        ("orientation", r => r.Orientation),
        ("ahash", r => Hex(r.Ahash)),
        ("dhash", r => Hex(r.Dhash)),
        ("phash", r => Hex(r.Phash)),
        ("whash", r => Hex(r.Whash)),
        ("sha256", r => r.Sha256 is null ? null : Convert.ToHexStringLower(r.Sha256)),
        ("quality_score", r => r.QualityScore),
        ("quality", r => r.Quality is null ? null : new RawJson(r.Quality)),
        ("thumbnail", r => r.Thumbnail),
        ("preview", r => r.Preview),
        ("geohash", r => r.Geohash),
        ("duplicate_group", r => r.DuplicateGroup),
        ("duplicate_best", r => r.DuplicateGroup is null ? false : r.DuplicateBest),
        ("best_reason", r => r.DuplicateBestReason),
        ("burst_id", r => r.BurstId),
        ("burst_best", r => r.BurstId is null ? false : r.BurstBest),
        ("burst_best_reason", r => r.BurstBestReason),
        ("duplicate_decision", r => r.DuplicateDecision),
        ("burst_decision", r => r.BurstDecision),
        ("tags", r => r.Tags),
        ("removed", r => r.Removed),
        ("warnings", r => r.Warnings),
        ("error", r => r.Error),
    ];

    private static string? Hex(ulong? hash) => hash?.ToString("x16", CultureInfo.InvariantCulture);
}

/// <summary>A value that is already JSON text (a jsonb column).</summary>
internal sealed record RawJson(string Text);

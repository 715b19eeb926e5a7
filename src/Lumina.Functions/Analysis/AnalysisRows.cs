using System.Globalization;
using System.Text.Json;
using Lumina.Core.Metadata;
using Lumina.Core.Pipeline;
using Lumina.Imaging.Analysis;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Analysis;

/// <summary>Turns an image's analysis into the row the catalog stores.</summary>
internal static class AnalysisRows
{
    public static AnalysisRow From(OriginalFile file, ImageAnalysis analysis, string? thumbnailRef, string? previewRef)
    {
        var exif = analysis.Exif;
        var date = CaptureDate.Select(exif, file.Modified);
        var pixels = analysis.Pixels;
        var steps = new Dictionary<string, int> { [ProcessingSteps.Exif] = ProcessingSteps.Analysis[ProcessingSteps.Exif] };
        if (pixels is not null)
        {
            foreach (var (step, version) in ProcessingSteps.Analysis)
            {
                steps[step] = version;
            }
        }

        return new AnalysisRow
        {
            Path = file.Path,
            FileSize = file.Size,
            FileModified = file.Modified,
            Etag = file.ETag,
            Sha256 = Convert.ToHexStringLower(analysis.Sha256),
            Format = analysis.Format,
            Width = analysis.Width,
            Height = analysis.Height,
            Orientation = analysis.Orientation,
            SelectedDate = date.Timestamp.Local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
            DateOffset = date.Timestamp.Offset,
            DateSubseconds = date.Timestamp.HasSubSeconds,
            DateSource = date.Source.ToString(),
            Make = exif.Make,
            Model = exif.Model,
            Lens = exif.Lens,
            Iso = exif.Iso,
            FNumber = exif.FNumber,
            ExposureTime = exif.ExposureTime,
            FocalLength = exif.FocalLength,
            GpsLat = exif.Latitude,
            GpsLon = exif.Longitude,
            GpsAlt = exif.Altitude,
            CameraSerial = exif.SerialNumber,
            BurstUuid = exif.BurstUuid,
            SequenceNumber = exif.SequenceNumber,
            Exif = JsonSerializer.SerializeToElement(new
            {
                date_time_original = exif.DateTimeOriginal?.ToString(),
                date_time_digitized = exif.DateTimeDigitized?.ToString(),
                date_time = exif.DateTime?.ToString(),
            }),
            Ahash = Signed(pixels?.Hashes.Average),
            Dhash = Signed(pixels?.Hashes.Difference),
            Phash = Signed(pixels?.Hashes.Perceptual),
            Whash = Signed(pixels?.Hashes.Wavelet),
            DhashMirrored = Signed(pixels?.Variants.Mirrored),
            DhashCropped = Signed(pixels?.Variants.Cropped),
            DhashCroppedMirrored = Signed(pixels?.Variants.CroppedMirrored),
            DhashCrops = pixels?.CropHashes.Select(h => unchecked((long)h)).ToList(),
            JpegQuality = analysis.JpegQuality,
            Colourfulness = pixels?.Colourfulness,
            CameraThumbnailDifference = pixels?.CameraThumbnailDifference,
            ThumbnailRef = thumbnailRef,
            ThumbnailWidth = pixels?.Thumbnail.Width,
            ThumbnailHeight = pixels?.Thumbnail.Height,
            PreviewRef = previewRef,
            PreviewWidth = pixels?.Preview.Width,
            PreviewHeight = pixels?.Preview.Height,
            QualityScore = pixels?.Quality.Score,
            Quality = pixels is null ? null : JsonSerializer.SerializeToElement(pixels.Quality, AnalysisJson.Options),
            PixelsFrom = analysis.PixelsFrom,
            Error = analysis.Error,
            Warnings = exif.Problems.Count == 0 ? null : exif.Problems.Select(p => $"EXIF: {p}").ToList(),
            Steps = steps,
        };
    }

    private static long? Signed(ulong? hash) => hash is { } h ? unchecked((long)h) : null;
}

internal static class AnalysisJson
{
    public static JsonSerializerOptions Options { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}

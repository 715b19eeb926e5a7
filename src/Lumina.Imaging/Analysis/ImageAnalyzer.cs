using System.Security.Cryptography;
using Lumina.Core;
using Lumina.Core.Hashing;
using Lumina.Core.Quality;
using Lumina.Imaging.Exif;
using Lumina.Imaging.Raw;
using Lumina.Imaging.Vips;

namespace Lumina.Imaging.Analysis;

/// <summary>
/// Decode once: from an original's bytes, one shrink-on-load decode to preview size yields the
/// preview, the thumbnail, the perceptual hashes and the quality metrics; the hash and EXIF come from
/// the same bytes. Thread-safe; callers run one image per thread.
/// </summary>
public sealed class ImageAnalyzer
{
    private readonly AnalysisSettings _settings;

    public ImageAnalyzer(AnalysisSettings settings)
    {
        settings.Validate();
        _settings = settings;
        VipsRuntime.EnsureStarted();
    }

    /// <summary>
    /// Analyzes one original. Bad content never throws: the result's Error names the problem.
    /// Cancelling <paramref name="ct"/> stops the decode (libvips checks a kill flag) and reports it.
    /// </summary>
    public ImageAnalysis Analyze(byte[] bytes, CancellationToken ct) => Analyze(bytes, null, ct);

    /// <inheritdoc cref="Analyze(byte[], CancellationToken)"/>
    /// <param name="bytes">The original's content.</param>
    /// <param name="name">The file's name, when known: it only tells apart RAW kinds whose content is alike.</param>
    /// <param name="ct">Stops the decode.</param>
    public ImageAnalysis Analyze(byte[] bytes, string? name, CancellationToken ct)
    {
        var basics = new ImageAnalysis { Sha256 = SHA256.HashData(bytes), Size = bytes.Length };
        if (bytes.Length == 0)
        {
            return basics with { Error = "empty file (0 bytes)" };
        }

        if (RawFile.Read(bytes, name) is { } raw)
        {
            return AnalyzeRaw(basics, bytes, raw, ct);
        }

        var loader = VipsImage.FindLoader(bytes);
        var format = loader is null ? null : ImageFormats.FromLoader(loader, bytes);
        if (format is null)
        {
            var exif = ExifExtractor.Read(bytes, () => null);
            var what = loader is null ? "not an image: the content matches no supported format" : $"unsupported format ({loader})";
            return basics with { Exif = exif, Error = $"{what}; first bytes {Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))}" };
        }

        VipsImage header;
        try
        {
            header = VipsImage.Open(bytes);
        }
        catch (VipsException e)
        {
            return basics with { Format = format, Exif = ExifExtractor.Read(bytes, () => null), Error = $"unreadable {format} header: {e.Message}" };
        }

        using (header)
        {
            var exifData = ExifExtractor.Read(bytes, () => header.GetBlob("exif-data"));
            var result = basics with
            {
                Format = format,
                Exif = exifData,
                Width = exifData.DeclaredSize?.Width ?? header.Width,
                Height = exifData.DeclaredSize?.Height ?? header.Height,
                Orientation = exifData.Orientation,
                JpegQuality = format == "jpeg" ? JpegQuality.Estimate(bytes) : null,
            };
            var orientation = header.GetInt("orientation") is >= 1 and <= 8 and var o ? o : 1;
            return DecodeInto(result, header, new Upright(orientation, ByLibvips: true), (long)header.Width * header.Height, PixelSources.Decoded,
                ExifThumbnail.Find(header.GetBlob("exif-data")), ct);
        }
    }

    /// <summary>
    /// A camera RAW file: EXIF from the file, pixels from its largest embedded JPEG preview through the same
    /// decode as any original, and the sensor image's size. Cameras store previews as the sensor saw them,
    /// so the RAW's orientation turns them upright; a preview whose own tag asks for a turn (2-8) is turned by
    /// that instead (libvips applies it), never by both. A preview tagged 1 carries the writer's default.
    /// </summary>
    private ImageAnalysis AnalyzeRaw(ImageAnalysis basics, byte[] bytes, RawFile raw, CancellationToken ct)
    {
        var largest = raw.Largest;
        var preview = largest is null ? null : bytes.AsSpan(largest.Offset, largest.Length).ToArray();
        var exif = ExifExtractor.ReadRaw(bytes, raw.ExifBlocks, preview);
        var size = raw.TiffStructured ? raw.SensorSize : exif.ImageSize;
        var result = basics with { Format = raw.Kind, Exif = exif, Width = size?.Width, Height = size?.Height, Orientation = exif.Orientation };
        if (preview is null)
        {
            return result with { Error = RawFile.NoPreviewError };
        }

        VipsImage header;
        try
        {
            header = VipsImage.Open(preview);
        }
        catch (VipsException e)
        {
            return result with { Error = $"unreadable embedded JPEG preview ({largest!.Source}): {e.Message}" };
        }

        using (header)
        {
            var upright = header.GetInt("orientation") is >= 2 and <= 8 and var own
                ? new Upright(own, ByLibvips: true)
                : new Upright(exif.Orientation ?? 1, ByLibvips: false);
            var pixels = size is var (width, height) ? (long)width * height : (long)header.Width * header.Height;
            return DecodeInto(result, header, upright, pixels, PixelSources.EmbeddedPreview, cameraThumbnail: null, ct);
        }
    }

    /// <summary>The orientation to apply, and whether libvips applies it on load (from the bytes' own tag) or Lumina after.</summary>
    private readonly record struct Upright(int Orientation, bool ByLibvips);

    private ImageAnalysis DecodeInto(
        ImageAnalysis result, VipsImage header, Upright upright, long originalPixels, string source, byte[]? cameraThumbnail, CancellationToken ct)
    {
        var pixels = (long)header.Width * header.Height;
        if (pixels > _settings.MaxPixels)
        {
            return result with
            {
                Error = $"refused to decode {header.Width}x{header.Height} ({pixels / 1e6:F0} megapixels): over the limit of {_settings.MaxPixels / 1e6:F0} megapixels (LUMINA_MAX_PIXELS)",
            };
        }

        try
        {
            return result with { Pixels = Decode(header, upright, originalPixels, cameraThumbnail, ct), PixelsFrom = source };
        }
        catch (VipsException e)
        {
            var what = source == PixelSources.EmbeddedPreview ? "embedded JPEG preview" : $"{result.Format} image";
            return result with { Error = ct.IsCancellationRequested ? "decoding was stopped: over the per-image time limit" : $"could not decode the {what}: {e.Message}" };
        }
    }

    private DecodedImage Decode(VipsImage header, Upright upright, long originalPixels, byte[]? cameraThumbnail, CancellationToken ct)
    {
        var turned = upright.Orientation >= 5 ? (Width: header.Height, Height: header.Width) : (Width: header.Width, Height: header.Height);
        var (boxWidth, boxHeight) = ShorterSideBox(turned.Width, turned.Height, _settings.PreviewSize);
        var memory = header.Decode(boxWidth, boxHeight, ct);

        if (!upright.ByLibvips && upright.Orientation != 1)
        {
            // A decode is read in sequence; turning needs the whole image, so it is turned in memory.
            using var stored = memory;
            using var rotated = stored.Oriented(upright.Orientation);
            memory = rotated.CopyMemory();
        }

        using (memory)
        using (var preview = memory.ToDisplayable())
        {
            var previewJpeg = new EncodedImage(preview.SaveJpeg(_settings.PreviewQuality), preview.Width, preview.Height, "image/jpeg");
            var (pixels, thumbWidth, thumbHeight) = Shrink(preview, _settings.ThumbnailSize);
            using var thumbnail = VipsImage.FromPixels(pixels, thumbWidth, thumbHeight, preview.Bands);
            var thumbnailWebp = new EncodedImage(thumbnail.SaveWebp(_settings.ThumbnailQuality, effort: 0), thumbWidth, thumbHeight, "image/webp");

            var whole = GreyPlane.FromPixels(pixels, thumbWidth, thumbHeight, preview.Bands, Luma.Rec709);
            var hashed = GreyPlane.FromPixels(pixels, thumbWidth, thumbHeight, preview.Bands, Luma.Rec601);
            var cropWidth = Math.Min(_settings.DetailCropSize, preview.Width);
            var cropHeight = Math.Min(_settings.DetailCropSize, preview.Height);
            using var crop = preview.Crop((preview.Width - cropWidth) / 2, (preview.Height - cropHeight) / 2, cropWidth, cropHeight);
            var detail = Grey(crop);

            return new DecodedImage(
                PerceptualHasher.Compute(hashed),
                PerceptualHasher.Variants(hashed),
                CropHashes.Compute(hashed),
                QualityAnalyzer.Measure(whole, detail, originalPixels),
                Colourfulness.Measure(pixels, preview.Bands),
                cameraThumbnail is null ? null : ThumbnailDifference(whole, cameraThumbnail, upright.Orientation, ct),
                thumbnailWebp,
                previewJpeg,
                _settings.ClipInputSize is { } clipSize ? ClipInput(preview, clipSize) : null);
        }
    }

    /// <summary>How far the pixels are from the camera's EXIF thumbnail; null when that thumbnail cannot be decoded.</summary>
    private static double? ThumbnailDifference(GreyPlane upright, byte[] thumbnail, int orientation, CancellationToken ct)
    {
        try
        {
            using var header = VipsImage.Open(thumbnail);
            using var memory = header.Decode(160, 160, ct);
            using var displayable = memory.ToDisplayable();
            return CameraThumbnail.Difference(upright, GreyPlane.FromPixels(displayable.ToBytes(), displayable.Width, displayable.Height, displayable.Bands, Luma.Rec709), orientation);
        }
        catch (VipsException)
        {
            return null;
        }
    }

    /// <summary>
    /// CLIP's input: the shorter side resized to <paramref name="size"/> with a bicubic kernel, the centre
    /// square cropped, as interleaved RGB (grey images repeat their one band).
    /// </summary>
    private static byte[] ClipInput(VipsImage image, int size)
    {
        using var resized = image.ResizeBicubic(size / (double)Math.Min(image.Width, image.Height));
        var side = Math.Min(size, Math.Min(resized.Width, resized.Height));
        using var square = resized.Crop((resized.Width - side) / 2, (resized.Height - side) / 2, side, side);
        var pixels = square.ToBytes();
        if (side != size)
        {
            // Rounding can leave the resized image a pixel short: the crop is padded by repeating its last row and column.
            pixels = Pad(pixels, side, square.Bands, size);
        }

        if (square.Bands == 3)
        {
            return pixels;
        }

        var rgb = new byte[size * size * 3];
        for (var i = 0; i < size * size; i++)
        {
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = pixels[i];
        }

        return rgb;
    }

    private static byte[] Pad(byte[] pixels, int side, int bands, int size)
    {
        var padded = new byte[size * size * bands];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var source = (Math.Min(y, side - 1) * side + Math.Min(x, side - 1)) * bands;
                Array.Copy(pixels, source, padded, (y * size + x) * bands, bands);
            }
        }

        return padded;
    }

    /// <summary>The pixels of the image with its shorter side shrunk to <paramref name="size"/> (never enlarged).</summary>
    private static (byte[] Pixels, int Width, int Height) Shrink(VipsImage image, int size)
    {
        var factor = Math.Min(image.Width, image.Height) / (double)size;
        if (factor <= 1)
        {
            return (image.ToBytes(), image.Width, image.Height);
        }

        using var reduced = image.Reduce(factor);
        return (reduced.ToBytes(), reduced.Width, reduced.Height);
    }

    private static GreyPlane Grey(VipsImage image)
    {
        using var grey = image.ToGrey();
        return new GreyPlane(grey.Width, grey.Height, grey.ToBytes());
    }

    /// <summary>A fit-within box whose shorter side is <paramref name="size"/> and longer side unbounded.</summary>
    private static (int Width, int Height) ShorterSideBox(int width, int height, int size) =>
        width <= height ? (size, int.MaxValue) : (int.MaxValue, size);
}

using System.Security.Cryptography;
using Lumina.Core;
using Lumina.Core.Hashing;
using Lumina.Core.Quality;
using Lumina.Imaging.Exif;
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
    public ImageAnalysis Analyze(byte[] bytes, CancellationToken ct)
    {
        var basics = new ImageAnalysis { Sha256 = SHA256.HashData(bytes), Size = bytes.Length };
        if (bytes.Length == 0)
        {
            return basics with { Error = "empty file (0 bytes)" };
        }

        using var buffer = new PinnedBuffer(bytes);
        var loader = VipsImage.FindLoader(buffer);
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
            header = VipsImage.Open(buffer);
        }
        catch (VipsException e)
        {
            return basics with { Format = format, Exif = ExifExtractor.Read(bytes, () => null), Error = $"unreadable {format} header: {e.Message}" };
        }

        using (header)
        {
            var exifData = ExifExtractor.Read(bytes, () => header.GetBlob("exif-data"));
            var orientation = header.GetInt("orientation") is >= 1 and <= 8 and var o ? o : 1;
            var result = basics with
            {
                Format = format,
                Exif = exifData,
                Width = exifData.DeclaredSize?.Width ?? header.Width,
                Height = exifData.DeclaredSize?.Height ?? header.Height,
                Orientation = exifData.Orientation,
                JpegQuality = format == "jpeg" ? JpegQuality.Estimate(bytes) : null,
            };

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
                return result with { Pixels = Decode(buffer, header.Width, header.Height, orientation, ExifThumbnail.Find(header.GetBlob("exif-data")), ct) };
            }
            catch (VipsException e)
            {
                return result with { Error = ct.IsCancellationRequested ? "decoding was stopped: over the per-image time limit" : $"could not decode the {format} image: {e.Message}" };
            }
        }
    }

    private DecodedImage Decode(PinnedBuffer buffer, int width, int height, int orientation, byte[]? cameraThumbnail, CancellationToken ct)
    {
        var upright = orientation >= 5 ? (Width: height, Height: width) : (Width: width, Height: height);
        var (boxWidth, boxHeight) = ShorterSideBox(upright.Width, upright.Height, _settings.PreviewSize);
        using var decoded = VipsImage.Thumbnail(buffer, boxWidth, boxHeight);
        VipsImage memory;
        using (ct.Register(decoded.Kill))
        {
            memory = decoded.CopyMemory();
        }

        using (memory)
        using (var preview = memory.ToDisplayable())
        {
            var previewJpeg = new EncodedImage(preview.SaveJpeg(_settings.PreviewQuality), preview.Width, preview.Height, "image/jpeg");
            var (pixels, thumbWidth, thumbHeight) = Shrink(preview, _settings.ThumbnailSize);
            using var thumbnail = VipsImage.FromPixels(pixels, thumbWidth, thumbHeight, preview.Bands);
            var thumbnailWebp = new EncodedImage(thumbnail.SaveWebp(_settings.ThumbnailQuality, effort: 0), thumbWidth, thumbHeight, "image/webp");

            var whole = GreyPlane.FromPixels(pixels, thumbWidth, thumbHeight, preview.Bands);
            var cropWidth = Math.Min(_settings.DetailCropSize, preview.Width);
            var cropHeight = Math.Min(_settings.DetailCropSize, preview.Height);
            using var crop = preview.Crop((preview.Width - cropWidth) / 2, (preview.Height - cropHeight) / 2, cropWidth, cropHeight);
            var detail = Grey(crop);

            return new DecodedImage(
                PerceptualHasher.Compute(whole),
                PerceptualHasher.Variants(whole),
                CropHashes.Compute(whole),
                QualityAnalyzer.Measure(whole, detail, (long)width * height),
                Colourfulness.Measure(pixels, preview.Bands),
                cameraThumbnail is null ? null : ThumbnailDifference(whole, cameraThumbnail, orientation),
                thumbnailWebp,
                previewJpeg,
                _settings.ClipInputSize is { } clipSize ? ClipInput(preview, clipSize) : null);
        }
    }

    /// <summary>How far the pixels are from the camera's EXIF thumbnail; null when that thumbnail cannot be decoded.</summary>
    private static double? ThumbnailDifference(GreyPlane upright, byte[] thumbnail, int orientation)
    {
        try
        {
            using var bytes = new PinnedBuffer(thumbnail);
            using var decoded = VipsImage.Thumbnail(bytes, 160, 160);
            using var memory = decoded.CopyMemory();
            using var displayable = memory.ToDisplayable();
            return CameraThumbnail.Difference(upright, GreyPlane.FromPixels(displayable.ToBytes(), displayable.Width, displayable.Height, displayable.Bands), orientation);
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

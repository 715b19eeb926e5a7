using NetVips;

namespace Lumina.Imaging.Vips;

/// <summary>
/// What the analyzer needs from libvips, through NetVips: the one place that knows the library. Images are lazy
/// pipelines. An image opened from bytes reads a copy of them that libvips owns (NetVips copies the span into a
/// libvips blob), freed by libvips when the last image reading it is gone; the caller's array is never pinned.
/// Failures become <see cref="VipsException"/>s that say what failed and why.
/// </summary>
public sealed class VipsImage : IDisposable
{
    private const int MaxCoordinate = 10_000_000;
    private readonly Image _image;
    private readonly Source? _source;

    private VipsImage(Image image, Source? source = null)
    {
        _image = image;
        _source = source;
    }

    public int Width => _image.Width;

    public int Height => _image.Height;

    public int Bands => _image.Bands;

    /// <summary>The loader libvips picks for these bytes by their content (e.g. "VipsForeignLoadJpegBuffer"), or null.</summary>
    public static string? FindLoader(byte[] bytes)
    {
        VipsRuntime.EnsureStarted();
        return VipsCalls.Shared("finding a loader", () => Image.FindLoadBuffer(bytes.AsSpan()));
    }

    /// <summary>Opens the image header only; pixels are decoded when something reads them (or by <see cref="Decode"/>).</summary>
    public static VipsImage Open(byte[] bytes)
    {
        VipsRuntime.EnsureStarted();
        return VipsCalls.OwnErrors("reading the image header", () =>
        {
            var source = Source.NewFromMemory(bytes.AsSpan());
            try
            {
                return new VipsImage(Image.NewFromSource(source), source);
            }
            catch
            {
                source.Dispose();
                throw;
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// Decodes the opened bytes with shrink-on-load straight to a size that fits <paramref name="width"/> x
    /// <paramref name="height"/> (never enlarging), turned upright by the orientation tag, into memory, so several
    /// outputs can read it in any order. Truncated or corrupt data fails instead of producing grey areas. Cancelling
    /// <paramref name="ct"/> sets libvips' kill flag: the decode stops and fails.
    /// </summary>
    public VipsImage Decode(int width, int height, CancellationToken ct)
    {
        var source = _source ?? throw new InvalidOperationException("only an image opened from bytes can be decoded");
        return VipsCalls.OwnErrors("decoding", () =>
        {
            using var thumbnail = Image.ThumbnailSource(
                source, Math.Min(width, MaxCoordinate), "fail_on=error", Math.Min(height, MaxCoordinate), Enums.Size.Down);
            using (ct.Register(() => thumbnail.SetKill(true)))
            {
                return new VipsImage(thumbnail.CopyMemory());
            }
        }, ct);
    }

    /// <summary>
    /// An image of 8-bit pixels (band-interleaved rows) with no metadata at all. libvips 8.14's WebP saver
    /// keeps EXIF (GPS included) even when asked to strip it, so thumbnails are saved from such an image.
    /// </summary>
    public static VipsImage FromPixels(byte[] pixels, int width, int height, int bands)
    {
        VipsRuntime.EnsureStarted();
        return Shared("copying pixels", () => Image.NewFromMemoryCopy<byte>(pixels, width, height, bands, Enums.BandFormat.Uchar));
    }

    /// <summary>
    /// Shrinks by <paramref name="factor"/> (greater than 1) with a triangle filter as wide as the factor:
    /// libvips' vectorised reduce, several times cheaper than a thumbnail resize at preview sizes.
    /// </summary>
    public VipsImage Reduce(double factor) => Shared("reducing", () => _image.Reduce(factor, factor, Enums.Kernel.Linear));

    /// <summary>Scales by <paramref name="scale"/> with a bicubic kernel.</summary>
    public VipsImage ResizeBicubic(double scale) => Shared("resizing", () => _image.Resize(scale, Enums.Kernel.Cubic));

    /// <summary>
    /// Turned upright as EXIF orientation <paramref name="orientation"/> (1-8) asks, the way libvips'
    /// autorot does it: a rotation, then a mirror for the mirrored orientations.
    /// </summary>
    public VipsImage Oriented(int orientation)
    {
        var (angle, mirror) = orientation switch
        {
            2 => (Enums.Angle.D0, true),
            3 => (Enums.Angle.D180, false),
            4 => (Enums.Angle.D180, true),
            5 => (Enums.Angle.D90, true),
            6 => (Enums.Angle.D90, false),
            7 => (Enums.Angle.D270, true),
            8 => (Enums.Angle.D270, false),
            _ => (Enums.Angle.D0, false),
        };
        return Shared("rotating", () =>
        {
            using var rotated = _image.Rot(angle);
            return mirror ? rotated.FlipHor() : rotated.Copy();
        });
    }

    public VipsImage Crop(int left, int top, int width, int height) => Shared("cropping", () => _image.ExtractArea(left, top, width, height));

    /// <summary>8-bit sRGB (or 8-bit grey for monochrome images) without alpha, alpha laid over white.</summary>
    public VipsImage ToDisplayable() => Shared("converting to 8-bit sRGB", () =>
    {
        var grey = _image.Interpretation is Enums.Interpretation.Bw or Enums.Interpretation.Grey16;
        var space = grey ? Enums.Interpretation.Bw : Enums.Interpretation.Srgb;
        var colourBands = grey ? 1 : 3;
        var image = _image.Copy();
        try
        {
            if (image.Bands is 2 or 4)
            {
                image = Replace(image, image.Flatten([255, 255, 255]));
            }

            if (_image.Interpretation != space || _image.Format != Enums.BandFormat.Uchar)
            {
                image = Replace(image, image.Colourspace(space));
            }

            if (image.Bands > colourBands)
            {
                image = Replace(image, image.ExtractBand(0, colourBands));
            }

            return image.Format == Enums.BandFormat.Uchar ? image : Replace(image, image.Cast(Enums.BandFormat.Uchar));
        }
        catch
        {
            image.Dispose();
            throw;
        }
    });

    /// <summary>One band of 8-bit luminance.</summary>
    public VipsImage ToGrey() => Shared("converting to grey", () =>
    {
        using var grey = _image.Colourspace(Enums.Interpretation.Bw);
        return grey.ExtractBand(0, 1);
    });

    /// <summary>Computes the whole pipeline into memory, so several outputs can read it in any order.</summary>
    public VipsImage CopyMemory() => Shared("decoding", _image.CopyMemory);

    /// <summary>The pixels as bytes, band-interleaved, row by row.</summary>
    public byte[] ToBytes() => VipsCalls.Shared("reading pixels", _image.WriteToMemory<byte>);

    public byte[] SaveJpeg(int quality) =>
        VipsCalls.Shared("saving JPEG", () => _image.JpegsaveBuffer(q: quality, keep: Enums.ForeignKeep.None));

    public byte[] SaveWebp(int quality, int effort) =>
        VipsCalls.Shared("saving WebP", () => _image.WebpsaveBuffer(q: quality, effort: effort, keep: Enums.ForeignKeep.None));

    /// <summary>The integer metadata field, or null when absent.</summary>
    public int? GetInt(string name) => _image.GetTypeOf(name) == GValue.GIntType ? (int)_image.Get(name) : null;

    /// <summary>A copy of a binary metadata field (e.g. "exif-data"), or null when absent.</summary>
    public byte[]? GetBlob(string name) => _image.GetTypeOf(name) == GValue.BlobType ? (byte[])_image.Get(name) : null;

    public void Dispose()
    {
        _image.Dispose();
        _source?.Dispose();
    }

    private static VipsImage Shared(string operation, Func<Image> call) => new(VipsCalls.Shared(operation, call));

    private static Image Replace(Image previous, Image next)
    {
        previous.Dispose();
        return next;
    }
}

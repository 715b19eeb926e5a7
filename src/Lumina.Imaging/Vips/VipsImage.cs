using System.Runtime.InteropServices;

namespace Lumina.Imaging.Vips;

/// <summary>
/// An owned libvips image. Images are lazy pipelines: an image computed from a
/// <see cref="PinnedBuffer"/> keeps that buffer pinned until it is released.
/// </summary>
public sealed unsafe class VipsImage : SafeHandle
{
    private const int MaxCoordinate = 10_000_000;
    private readonly PinnedBuffer? _source;

    private VipsImage(nint image, PinnedBuffer? source)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(image);
        if (source is not null)
        {
            var added = false;
            source.DangerousAddRef(ref added);
            _source = source;
        }
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    public int Width => VipsNative.vips_image_get_width(handle);

    public int Height => VipsNative.vips_image_get_height(handle);

    public int Bands => VipsNative.vips_image_get_bands(handle);

    /// <summary>The loader libvips picks for these bytes by their content (e.g. "VipsForeignLoadJpegBuffer"), or null.</summary>
    public static string? FindLoader(PinnedBuffer buffer)
    {
        VipsRuntime.EnsureStarted();
        var name = VipsNative.vips_foreign_find_load_buffer(buffer.Pointer, (nuint)buffer.Bytes.Length);
        VipsNative.vips_error_clear();
        return name == 0 ? null : Marshal.PtrToStringUTF8(name);
    }

    /// <summary>Opens the image header only; pixels are decoded when something reads them.</summary>
    public static VipsImage Open(PinnedBuffer buffer)
    {
        VipsRuntime.EnsureStarted();
        var image = VipsNative.vips_image_new_from_buffer(buffer.Pointer, (nuint)buffer.Bytes.Length, "", 0);
        return image == 0 ? throw VipsException.FromNative("reading the image header") : new VipsImage(image, buffer);
    }

    /// <summary>
    /// Decodes with shrink-on-load straight to a size that fits <paramref name="width"/> x <paramref name="height"/>
    /// (never enlarging), turned upright by the orientation tag. Truncated or corrupt data fails instead of
    /// producing grey areas.
    /// </summary>
    public static VipsImage Thumbnail(PinnedBuffer buffer, int width, int height)
    {
        VipsRuntime.EnsureStarted();
        var result = VipsNative.vips_thumbnail_buffer(
            buffer.Pointer, (nuint)buffer.Bytes.Length, out var image, Math.Min(width, MaxCoordinate),
            "height", Math.Min(height, MaxCoordinate), "size", VipsEnums.SizeDown, "option_string", "fail_on=error", 0);
        return Wrap(result, image, "decoding", buffer);
    }

    /// <summary>
    /// Shrinks by <paramref name="factor"/> (greater than 1) with a triangle filter as wide as the factor:
    /// libvips' vectorised reduce, several times cheaper than a thumbnail resize at preview sizes.
    /// </summary>
    public VipsImage Reduce(double factor) =>
        Wrap(VipsNative.vips_reduce(handle, out var image, factor, factor, "kernel", VipsEnums.KernelLinear, 0), image, "reducing", _source);

    /// <summary>Scales by <paramref name="scale"/> with a bicubic kernel.</summary>
    public VipsImage ResizeBicubic(double scale) =>
        Wrap(VipsNative.vips_resize(handle, out var image, scale, "kernel", VipsEnums.KernelCubic, 0), image, "resizing", _source);

    /// <summary>
    /// Turned upright as EXIF orientation <paramref name="orientation"/> (1-8) asks, the way libvips'
    /// autorot does it: a rotation, then a mirror for the mirrored orientations.
    /// </summary>
    public VipsImage Oriented(int orientation)
    {
        var (angle, mirror) = orientation switch
        {
            2 => (0, true),
            3 => (VipsEnums.Angle180, false),
            4 => (VipsEnums.Angle180, true),
            5 => (VipsEnums.Angle90, true),
            6 => (VipsEnums.Angle90, false),
            7 => (VipsEnums.Angle270, true),
            8 => (VipsEnums.Angle270, false),
            _ => (0, false),
        };
        using var rotated = Wrap(VipsNative.vips_rot(handle, out var image, angle, 0), image, "rotating", _source);
        return mirror ? Wrap(VipsNative.vips_flip(rotated.handle, out var flipped, VipsEnums.DirectionHorizontal, 0), flipped, "mirroring", _source) : rotated.Reference();
    }

    public VipsImage Crop(int left, int top, int width, int height) =>
        Wrap(VipsNative.vips_extract_area(handle, out var image, left, top, width, height, 0), image, "cropping", _source);

    /// <summary>8-bit sRGB (or 8-bit grey for monochrome images) without alpha, alpha laid over white.</summary>
    public VipsImage ToDisplayable()
    {
        var interpretation = VipsNative.vips_image_get_interpretation(handle);
        var format = VipsNative.vips_image_get_format(handle);
        var grey = interpretation is VipsEnums.InterpretationBW or VipsEnums.InterpretationGrey16;
        var space = grey ? VipsEnums.InterpretationBW : VipsEnums.InterpretationSrgb;
        var colourBands = grey ? 1 : 3;
        var image = this;
        var owned = new List<VipsImage>();
        try
        {
            if (Bands is 2 or 4)
            {
                image = Track(owned, image.FlattenOnWhite());
            }

            if (interpretation != space || format != VipsEnums.FormatUchar)
            {
                image = Track(owned, image.Colourspace(space));
            }

            if (image.Bands > colourBands)
            {
                image = Track(owned, image.ExtractBands(0, colourBands));
            }

            if (VipsNative.vips_image_get_format(image.handle) != VipsEnums.FormatUchar)
            {
                image = Track(owned, image.Cast(VipsEnums.FormatUchar));
            }

            owned.Remove(image);
            return image == this ? image.Reference() : image;
        }
        finally
        {
            owned.ForEach(i => i.Dispose());
        }
    }

    /// <summary>One band of 8-bit luminance.</summary>
    public VipsImage ToGrey()
    {
        using var grey = Wrap(VipsNative.vips_colourspace(handle, out var image, VipsEnums.InterpretationBW, 0), image, "converting to grey", _source);
        return grey.ExtractBands(0, 1);
    }

    /// <summary>Computes the whole pipeline into memory, so several outputs can read it in any order.</summary>
    public VipsImage CopyMemory()
    {
        var image = VipsNative.vips_image_copy_memory(handle);
        return image == 0 ? throw VipsException.FromNative("decoding") : new VipsImage(image, source: null);
    }

    /// <summary>
    /// An image of 8-bit pixels (band-interleaved rows) with no metadata at all. libvips 8.14's WebP saver
    /// keeps EXIF (GPS included) even when asked to strip it, so thumbnails are saved from such an image.
    /// </summary>
    public static VipsImage FromPixels(byte[] pixels, int width, int height, int bands)
    {
        VipsRuntime.EnsureStarted();
        fixed (byte* data = pixels)
        {
            var image = VipsNative.vips_image_new_from_memory_copy(data, (nuint)pixels.Length, width, height, bands, VipsEnums.FormatUchar);
            return image == 0 ? throw VipsException.FromNative("copying pixels") : new VipsImage(image, source: null);
        }
    }

    /// <summary>The pixels as bytes, band-interleaved, row by row.</summary>
    public byte[] ToBytes()
    {
        var data = VipsNative.vips_image_write_to_memory(handle, out var size);
        if (data == 0)
        {
            throw VipsException.FromNative("reading pixels");
        }

        try
        {
            return new ReadOnlySpan<byte>((void*)data, checked((int)size)).ToArray();
        }
        finally
        {
            GLibNative.g_free(data);
        }
    }

    public byte[] SaveJpeg(int quality) =>
        TakeBuffer(VipsNative.vips_jpegsave_buffer(handle, out var buffer, out var length, "Q", quality, "strip", 1, 0), buffer, length, "saving JPEG");

    public byte[] SaveWebp(int quality, int effort) =>
        TakeBuffer(VipsNative.vips_webpsave_buffer(handle, out var buffer, out var length, "Q", quality, "strip", 1, "effort", effort, 0), buffer, length, "saving WebP");

    /// <summary>The integer metadata field, or null when absent.</summary>
    public int? GetInt(string name) =>
        VipsNative.vips_image_get_typeof(handle, name) != 0 && VipsNative.vips_image_get_int(handle, name, out var value) == 0 ? value : null;

    /// <summary>A copy of a binary metadata field (e.g. "exif-data"), or null when absent.</summary>
    public byte[]? GetBlob(string name)
    {
        if (VipsNative.vips_image_get_typeof(handle, name) == 0 || VipsNative.vips_image_get_blob(handle, name, out var data, out var length) != 0)
        {
            VipsNative.vips_error_clear();
            return null;
        }

        return new ReadOnlySpan<byte>((void*)data, checked((int)length)).ToArray();
    }

    /// <summary>Asks libvips to stop computing this image; the computation then fails.</summary>
    public void Kill() => VipsNative.vips_image_set_kill(handle, 1);

    protected override bool ReleaseHandle()
    {
        GLibNative.g_object_unref(handle);
        _source?.DangerousRelease();
        return true;
    }

    private VipsImage FlattenOnWhite()
    {
        var white = stackalloc double[] { 255, 255, 255 };
        var background = VipsNative.vips_array_double_new(white, 3);
        try
        {
            return Wrap(VipsNative.vips_flatten(handle, out var image, "background", background, 0), image, "flattening alpha", _source);
        }
        finally
        {
            VipsNative.vips_area_unref(background);
        }
    }

    private VipsImage Colourspace(int space) =>
        Wrap(VipsNative.vips_colourspace(handle, out var image, space, 0), image, "converting colours", _source);

    private VipsImage ExtractBands(int first, int count) =>
        Wrap(VipsNative.vips_extract_band(handle, out var image, first, "n", count, 0), image, "extracting bands", _source);

    private VipsImage Cast(int format) =>
        Wrap(VipsNative.vips_cast(handle, out var image, format, 0), image, "converting to 8 bits", _source);

    private VipsImage Reference() => new(GLibNative.g_object_ref(handle), _source);

    private static VipsImage Track(List<VipsImage> owned, VipsImage image)
    {
        owned.Add(image);
        return image;
    }

    private static VipsImage Wrap(int result, nint image, string operation, PinnedBuffer? source) =>
        result == 0 && image != 0 ? new VipsImage(image, source) : throw VipsException.FromNative(operation);

    private static byte[] TakeBuffer(int result, nint buffer, nuint length, string operation)
    {
        if (result != 0)
        {
            throw VipsException.FromNative(operation);
        }

        try
        {
            return new ReadOnlySpan<byte>((void*)buffer, checked((int)length)).ToArray();
        }
        finally
        {
            GLibNative.g_free(buffer);
        }
    }
}

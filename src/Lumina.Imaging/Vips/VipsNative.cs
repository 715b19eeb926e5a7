using System.Runtime.InteropServices;

namespace Lumina.Imaging.Vips;

/// <summary>
/// Raw libvips entry points, no logic. libvips options are C varargs, which .NET cannot call on
/// Linux; each varargs function is declared with exactly the (name, int-or-pointer value) pairs
/// Lumina passes, ending in a null terminator. Doubles are only ever passed as fixed parameters.
/// </summary>
internal static unsafe partial class VipsNative
{
    [LibraryImport(VipsLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_init(string argv0);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial void vips_concurrency_set(int concurrency);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial void vips_cache_set_max(int max);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial nint vips_error_buffer_copy();

    [LibraryImport(VipsLibraries.Vips)]
    public static partial void vips_error_clear();

    [LibraryImport(VipsLibraries.Vips)]
    public static partial nint vips_foreign_find_load_buffer(byte* data, nuint size);

    [LibraryImport(VipsLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint vips_image_new_from_buffer(byte* data, nuint size, string optionString, nint terminator);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial int vips_image_get_width(nint image);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial int vips_image_get_height(nint image);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial int vips_image_get_bands(nint image);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial int vips_image_get_format(nint image);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial int vips_image_get_interpretation(nint image);

    [LibraryImport(VipsLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nuint vips_image_get_typeof(nint image, string name);

    [LibraryImport(VipsLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_image_get_int(nint image, string name, out int value);

    [LibraryImport(VipsLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_image_get_blob(nint image, string name, out nint data, out nuint length);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial void vips_image_set_kill(nint image, int kill);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial nint vips_image_copy_memory(nint image);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial nint vips_image_write_to_memory(nint image, out nuint size);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial nint vips_image_new_from_memory_copy(byte* data, nuint size, int width, int height, int bands, int format);

    [LibraryImport(VipsLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_thumbnail_buffer(
        byte* data, nuint size, out nint output, int width,
        string heightName, int height, string sizeName, int sizeMode,
        string optionStringName, string loaderOptions, nint terminator);


    [LibraryImport(VipsLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_reduce(nint input, out nint output, double horizontal, double vertical, string kernelName, int kernel, nint terminator);


    [LibraryImport(VipsLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_resize(nint input, out nint output, double scale, string kernelName, int kernel, nint terminator);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial int vips_extract_area(nint input, out nint output, int left, int top, int width, int height, nint terminator);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial int vips_rot(nint input, out nint output, int angle, nint terminator);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial int vips_flip(nint input, out nint output, int direction, nint terminator);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial int vips_colourspace(nint input, out nint output, int space, nint terminator);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial int vips_extract_band(nint input, out nint output, int band, nint terminator);

    [LibraryImport(VipsLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_extract_band(nint input, out nint output, int band, string countName, int count, nint terminator);

    [LibraryImport(VipsLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_flatten(nint input, out nint output, string backgroundName, nint background, nint terminator);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial int vips_cast(nint input, out nint output, int format, nint terminator);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial nint vips_array_double_new(double* array, int count);

    [LibraryImport(VipsLibraries.Vips)]
    public static partial void vips_area_unref(nint area);

    [LibraryImport(VipsLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_jpegsave_buffer(
        nint input, out nint buffer, out nuint length, string qualityName, int quality, string stripName, int strip, nint terminator);

    [LibraryImport(VipsLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_webpsave_buffer(
        nint input, out nint buffer, out nuint length, string qualityName, int quality, string stripName, int strip,
        string effortName, int effort, nint terminator);
}

/// <summary>Raw GLib / GObject entry points used to release what libvips hands out.</summary>
internal static partial class GLibNative
{
    [LibraryImport(VipsLibraries.GObject)]
    public static partial nint g_object_ref(nint obj);

    [LibraryImport(VipsLibraries.GObject)]
    public static partial void g_object_unref(nint obj);

    [LibraryImport(VipsLibraries.GLib)]
    public static partial void g_free(nint memory);
}

/// <summary>Raw C library entry points.</summary>
internal static partial class LibcNative
{
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int setenv(string name, string value, int overwrite);
}

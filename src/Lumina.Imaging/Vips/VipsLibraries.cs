namespace Lumina.Imaging.Vips;

/// <summary>Shared-library names of libvips and the GLib parts it exposes (Debian package libvips42).</summary>
internal static class VipsLibraries
{
    public const string Vips = "libvips.so.42";
    public const string GObject = "libgobject-2.0.so.0";
    public const string GLib = "libglib-2.0.so.0";
}

namespace Lumina.Imaging.Vips;

/// <summary>Process-wide libvips start-up, done once before the first call.</summary>
public static class VipsRuntime
{
    private static readonly Lazy<bool> Started = new(Start);

    /// <summary>Starts libvips. Throws a <see cref="VipsException"/> naming the package when it is missing.</summary>
    public static void EnsureStarted() => _ = Started.Value;

    private static bool Start()
    {
        // libvips prints decoder warnings (corrupt data it could read past) on stderr unless this is set;
        // Lumina records the errors that matter on the image instead. It must be in the C environment.
        LibcNative.setenv("VIPS_WARNING", "0", overwrite: 0);
        try
        {
            VipsException.Check(VipsNative.vips_init("lumina"), "vips_init");
        }
        catch (DllNotFoundException e)
        {
            throw new VipsException($"libvips is not installed ({e.Message}): install the Debian package libvips42 (infra/local/install-deps.sh does)");
        }

        // Each worker decodes one image at a time: parallelism comes from images, not from
        // libvips' per-image thread pool, and the operation cache would only hold decoded pixels.
        VipsNative.vips_concurrency_set(1);
        VipsNative.vips_cache_set_max(0);
        return true;
    }
}

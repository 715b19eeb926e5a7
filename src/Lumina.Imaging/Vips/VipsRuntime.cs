using NetVips;

namespace Lumina.Imaging.Vips;

/// <summary>Process-wide libvips settings, applied once before the first call. NetVips loads and starts libvips itself.</summary>
public static class VipsRuntime
{
    private static readonly Lazy<VipsCapabilities> Started = new(Start);

    /// <summary>What the libvips in use decodes, detected once.</summary>
    public static VipsCapabilities Capabilities => Started.Value;

    /// <summary>Starts libvips. Throws a <see cref="VipsException"/> naming the package when it is missing.</summary>
    public static void EnsureStarted() => _ = Started.Value;

    private static VipsCapabilities Start()
    {
        if (!ModuleInitializer.VipsInitialized)
        {
            throw new VipsException(
                $"libvips is not installed ({ModuleInitializer.Exception?.Message}): install the Debian package libvips42 (infra/local/install-deps.sh does)");
        }

        // Each worker decodes one image at a time: parallelism comes from images, not from
        // libvips' per-image thread pool, and the operation cache would only hold decoded pixels.
        NetVips.NetVips.Concurrency = 1;
        Cache.Max = 0;
        // libvips warns on stderr about corrupt data it could read past; Lumina records the errors that matter on the image.
        Log.SetLogHandler("VIPS", Enums.LogLevelFlags.Warning, (_, _, _) => { });
        return VipsCapabilities.Detect();
    }
}

using Lumina.Imaging.Vips;
using Xunit.Sdk;

namespace Lumina.Imaging.Tests;

/// <summary>Optional libvips loaders a test needs: it is skipped, saying which is missing, when this libvips lacks one.</summary>
internal static class Loaders
{
    /// <summary>Skips the calling test unless the libvips in use has the loader for <paramref name="format"/> ("heic", "avif", "jxl", ...).</summary>
    public static void Require(string format)
    {
        var loader = format switch
        {
            "heic" or "avif" => "heifload",
            "jxl" => "jxlload",
            "tiff" => "tiffload",
            "webp" => "webpload",
            "gif" => "gifload",
            "png" => "pngload",
            _ => null,
        };
        var capabilities = VipsRuntime.Capabilities;
        if (loader is not null && !capabilities.Has(loader))
        {
            throw SkipException.ForSkip($"libvips {capabilities.Version} here has no {loader} ({VipsCapabilities.Optional[loader]}): {capabilities.Summary}");
        }
    }
}

namespace Lumina.Imaging.Vips;

/// <summary>
/// The libvips version in use and the optional loaders it has: Debian's build decodes HEIC and AVIF through
/// libheif and JPEG XL through libjxl; other builds (NetVips.Native's) lack some of them.
/// </summary>
public sealed record VipsCapabilities(string Version, IReadOnlyList<string> Loaders, IReadOnlyList<string> Missing)
{
    /// <summary>libvips operation name of each optional loader, and what it decodes.</summary>
    public static readonly IReadOnlyDictionary<string, string> Optional = new Dictionary<string, string>
    {
        ["heifload"] = "HEIC and AVIF",
        ["jxlload"] = "JPEG XL",
        ["tiffload"] = "TIFF",
        ["webpload"] = "WebP",
        ["gifload"] = "GIF",
        ["pngload"] = "PNG",
    };

    public bool Has(string loader) => Loaders.Contains(loader);

    /// <summary>One line for start-up logs: the version and what it cannot decode.</summary>
    public string Summary => Missing.Count == 0
        ? $"libvips {Version}: decodes JPEG, {string.Join(", ", Optional.Values)}"
        : $"libvips {Version}: cannot decode {string.Join(", ", Missing.Select(m => Optional[m]))} (no {string.Join(", ", Missing)} in this build)";

    internal static VipsCapabilities Detect()
    {
        var version = $"{NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)}";
        // Lumina loads from sources: the loader must have its source variant.
        var present = Optional.Keys.Where(l => NetVips.NetVips.TypeFind("VipsOperation", $"{l}_source") != IntPtr.Zero).ToList();
        return new VipsCapabilities(version, present, [.. Optional.Keys.Except(present)]);
    }
}

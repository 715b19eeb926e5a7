namespace Lumina.Imaging.Analysis;

/// <summary>The formats Lumina analyzes, told apart by content (the libvips loader that accepts the bytes).</summary>
public static class ImageFormats
{
    /// <summary>File extensions a folder scan (and a blob listing) picks up, camera RAW files' included. The format itself is always detected from content.</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(
        [".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".tif", ".tiff", ".gif", ".heic", ".heif", ".hif", ".avif", ".jxl", .. Raw.RawFile.Extensions],
        StringComparer.OrdinalIgnoreCase);

    public static bool HasImageExtension(string name) => Extensions.Contains(Path.GetExtension(name));

    /// <summary>
    /// Short format name ("jpeg", "png", "webp", "tiff", "gif", "heic", "avif", "jxl") for a libvips loader,
    /// or null when the loader is not one Lumina supports.
    /// </summary>
    public static string? FromLoader(string loader, ReadOnlySpan<byte> bytes) => loader switch
    {
        _ when loader.StartsWith("VipsForeignLoadJpeg", StringComparison.Ordinal) => "jpeg",
        _ when loader.StartsWith("VipsForeignLoadPng", StringComparison.Ordinal) => "png",
        _ when loader.StartsWith("VipsForeignLoadWebp", StringComparison.Ordinal) => "webp",
        _ when loader.StartsWith("VipsForeignLoadTiff", StringComparison.Ordinal) => "tiff",
        _ when loader.StartsWith("VipsForeignLoadNsgif", StringComparison.Ordinal) || loader.StartsWith("VipsForeignLoadGif", StringComparison.Ordinal) => "gif",
        _ when loader.StartsWith("VipsForeignLoadHeif", StringComparison.Ordinal) => IsAvif(bytes) ? "avif" : "heic",
        _ when loader.StartsWith("VipsForeignLoadJxl", StringComparison.Ordinal) => "jxl",
        _ => null,
    };

    private static bool IsAvif(ReadOnlySpan<byte> bytes)
    {
        // ISO-BMFF 'ftyp' box: major brand at 8, compatible brands from 16 to the box's end.
        if (bytes.Length < 16 || !bytes[4..8].SequenceEqual("ftyp"u8))
        {
            return false;
        }

        var boxSize = Math.Min(bytes.Length, (bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]);
        for (var i = 8; i + 4 <= boxSize; i += 4)
        {
            var brand = bytes.Slice(i, 4);
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8))
            {
                return true;
            }
        }

        return false;
    }
}

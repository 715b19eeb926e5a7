namespace Lumina.Imaging.Raw;

/// <summary>
/// A camera RAW file, recognised by its content: its kind (the format name Lumina records), the JPEG
/// previews it embeds, the size of its sensor image where its TIFF structure states it (null when that
/// IFD is unreadable; containers that are not TIFF leave it to EXIF), and EXIF blocks the container keeps
/// outside the places MetadataExtractor reads (CR3's CMT boxes).
/// </summary>
public sealed record RawFile(
    string Kind, IReadOnlyList<EmbeddedPreview> Previews, bool TiffStructured, (int Width, int Height)? SensorSize, IReadOnlyList<ExifBlock> ExifBlocks)
{
    /// <summary>File extensions of camera RAW files a folder scan picks up.</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".dng", ".cr2", ".cr3", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".orf", ".rw2", ".raf", ".pef", ".srw", ".3fr", ".iiq", ".x3f",
    };

    /// <summary>What a RAW file without a usable preview is recorded with.</summary>
    public const string NoPreviewError = "raw file holds no embedded JPEG preview; Lumina cannot decode RAW sensor data";

    /// <summary>The preview with the most pixels (then the most bytes), or null when the file holds none libvips can decode.</summary>
    public EmbeddedPreview? Largest => Previews.MaxBy(p => (p.Pixels, p.Length));

    /// <summary>
    /// The RAW file these bytes are, or null when they are not one. <paramref name="name"/> (the file's name,
    /// optional) only tells apart kinds whose content is alike (Sony's ARW, SR2 and SRF).
    /// </summary>
    public static RawFile? Read(byte[] bytes, string? name = null) =>
        TiffRaw.Read(bytes, name is null ? null : Path.GetExtension(name)) ?? Cr3Raw.Read(bytes) ?? RafRaw.Read(bytes) ?? X3fRaw.Read(bytes);
}

/// <summary>A TIFF-structured EXIF block and the directory its first IFD is (CR3 keeps IFD0, the Exif IFD and the GPS IFD apart).</summary>
public sealed record ExifBlock(byte[] Tiff, ExifBlockKind Root);

public enum ExifBlockKind
{
    Ifd0,
    Exif,
    Gps,
}

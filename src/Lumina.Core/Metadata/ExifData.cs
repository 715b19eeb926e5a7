namespace Lumina.Core.Metadata;

/// <summary>What Lumina keeps from an image's EXIF. Every field is null when the file does not carry it.</summary>
public sealed record ExifData
{
    public ExifTimestamp? DateTimeOriginal { get; init; }

    public ExifTimestamp? DateTimeDigitized { get; init; }

    public ExifTimestamp? DateTime { get; init; }

    public string? Make { get; init; }

    public string? Model { get; init; }

    public string? Lens { get; init; }

    public int? Iso { get; init; }

    public double? FNumber { get; init; }

    /// <summary>Exposure time in seconds.</summary>
    public double? ExposureTime { get; init; }

    /// <summary>Focal length in millimetres.</summary>
    public double? FocalLength { get; init; }

    /// <summary>EXIF orientation 1-8.</summary>
    public int? Orientation { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>Metres above sea level; negative below.</summary>
    public double? Altitude { get; init; }

    /// <summary>Camera body serial number, to tell apart two cameras of the same model.</summary>
    public string? SerialNumber { get; init; }

    /// <summary>Apple's BurstUUID: the frames of one burst share it.</summary>
    public string? BurstUuid { get; init; }

    /// <summary>The frame counter of a continuous sequence (Canon, Fujifilm, Sony maker notes); 0 for single shots.</summary>
    public int? SequenceNumber { get; init; }

    /// <summary>
    /// The primary image's stored size when the container declares it apart from the decoded pixels
    /// (HEIF 'ispe' before rotation, a TIFF's full-resolution subfile behind a reduced IFD0; RAW files state theirs in their structure).
    /// </summary>
    public (int Width, int Height)? DeclaredSize { get; init; }

    /// <summary>The image size EXIF states (PixelXDimension and PixelYDimension of the Exif IFD).</summary>
    public (int Width, int Height)? ImageSize { get; init; }

    /// <summary>Problems found while reading the metadata; the fields above hold what could be read.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public static ExifData Empty { get; } = new();
}

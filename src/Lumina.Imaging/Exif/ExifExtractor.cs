using Lumina.Core.Metadata;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Exif.Makernotes;
using MetadataExtractor.Formats.Heif;
using MetadataExtractor.IO;
using MetadataExtractor.Util;
using Directory = MetadataExtractor.Directory;

namespace Lumina.Imaging.Exif;

/// <summary>
/// Reads EXIF with MetadataExtractor from an image's bytes. Containers MetadataExtractor does not know
/// (JPEG XL, some AVIF) fall back to the raw EXIF block libvips found in the same bytes.
/// Never throws for bad metadata: problems are returned in <see cref="ExifData.Problems"/>.
/// </summary>
public static class ExifExtractor
{
    public static ExifData Read(byte[] bytes, Func<byte[]?> fallbackExifBlock)
    {
        var problems = new List<string>();
        var (directories, containerProblem) = ReadContainer(bytes);
        if (!directories.OfType<ExifIfd0Directory>().Any() && !directories.OfType<ExifSubIfdDirectory>().Any()
            && (JxlExifBox.Find(bytes) ?? fallbackExifBlock()) is { } block)
        {
            directories = [.. directories, .. ReadTiffBlock(block, problems)];
        }

        if (containerProblem is not null)
        {
            problems.Insert(0, directories.Any(d => d is ExifDirectoryBase)
                ? $"the {containerProblem.Value.Container} container's own metadata could not be read ({containerProblem.Value.Reason}); its EXIF was read all the same"
                : $"the {containerProblem.Value.Container} container's metadata could not be read: {containerProblem.Value.Reason}");
        }

        problems.AddRange(directories
            .Where(d => d is ExifDirectoryBase or GpsDirectory)
            .SelectMany(d => d.Errors.Select(error => $"{d.Name}: {error}")));
        return Summarize(directories, IsTiff(bytes)) with { Problems = problems.Distinct().ToList() };
    }

    /// <summary>
    /// MetadataExtractor's directories of a container it knows. A container it does not know (JPEG XL, or
    /// bytes that are no image) is no metadata problem: the EXIF block is looked for directly.
    /// </summary>
    private static (IReadOnlyList<Directory> Directories, (string Container, string Reason)? Problem) ReadContainer(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        var type = FileTypeDetector.DetectFileType(stream);
        if (type == FileType.Unknown)
        {
            return ([], null);
        }

        stream.Position = 0;
        try
        {
            return (ImageMetadataReader.ReadMetadata(stream), null);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return ([], (type.ToString().ToLowerInvariant(), Reason(e)));
        }
    }

    /// <summary>
    /// Why a reader stopped, for people: MetadataExtractor's own messages name the box or segment at fault;
    /// a runtime exception of the parser (an index out of range, an overflow) only means the structure is malformed.
    /// </summary>
    private static string Reason(Exception e) =>
        e is ImageProcessingException or MetadataException ? e.Message.TrimEnd('.') : "its structure is malformed";

    private static bool IsTiff(ReadOnlySpan<byte> bytes) => bytes.StartsWith("II*\0"u8) || bytes.StartsWith("MM\0*"u8);

    private static IReadOnlyList<Directory> ReadTiffBlock(byte[] block, List<string> problems)
    {
        // libvips keeps the APP1 preamble "Exif\0\0" in front of the TIFF header for some formats.
        var start = block.Length >= 6 && block[0] == 'E' && block[1] == 'x' && block[2] == 'i' && block[3] == 'f' ? 6 : 0;
        try
        {
            return new ExifReader().Extract(new ByteArrayReader(block, start));
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            problems.Add($"the EXIF block could not be read: {Reason(e)}");
            return [];
        }
    }

    private static ExifData Summarize(IReadOnlyList<Directory> directories, bool tiff)
    {
        var ifd0 = directories.OfType<ExifIfd0Directory>().ToList();
        var sub = directories.OfType<ExifSubIfdDirectory>().ToList();
        var exif = ifd0.Cast<ExifDirectoryBase>().Concat(sub).ToList();
        var gps = directories.OfType<GpsDirectory>().FirstOrDefault();
        var (latitude, longitude) = Location(gps);

        return new ExifData
        {
            DateTimeOriginal = Timestamp(sub.Concat<ExifDirectoryBase>(ifd0), ExifDirectoryBase.TagDateTimeOriginal, ExifDirectoryBase.TagSubsecondTimeOriginal, ExifDirectoryBase.TagTimeZoneOriginal),
            DateTimeDigitized = Timestamp(sub.Concat<ExifDirectoryBase>(ifd0), ExifDirectoryBase.TagDateTimeDigitized, ExifDirectoryBase.TagSubsecondTimeDigitized, ExifDirectoryBase.TagTimeZoneDigitized),
            DateTime = Timestamp(ifd0.Concat<ExifDirectoryBase>(sub), ExifDirectoryBase.TagDateTime, ExifDirectoryBase.TagSubsecondTime, ExifDirectoryBase.TagTimeZone),
            Make = Text(ifd0.Concat<ExifDirectoryBase>(sub), ExifDirectoryBase.TagMake),
            Model = Text(ifd0.Concat<ExifDirectoryBase>(sub), ExifDirectoryBase.TagModel),
            Lens = Text(exif, ExifDirectoryBase.TagLensModel) ?? Text(exif, ExifDirectoryBase.TagLensSpecification),
            Iso = Integer(exif, ExifDirectoryBase.TagIsoEquivalent) is > 0 and var iso ? iso : null,
            FNumber = Positive(exif, ExifDirectoryBase.TagFNumber),
            ExposureTime = Positive(exif, ExifDirectoryBase.TagExposureTime),
            FocalLength = Positive(exif, ExifDirectoryBase.TagFocalLength),
            Orientation = Integer(ifd0, ExifDirectoryBase.TagOrientation) is >= 1 and <= 8 and var o ? o : null,
            Latitude = latitude,
            Longitude = longitude,
            Altitude = latitude is null ? null : Altitude(gps!),
            DeclaredSize = DeclaredSize(directories, tiff),
            SerialNumber = Text(exif, ExifDirectoryBase.TagBodySerialNumber)
                ?? Text(directories.OfType<CanonMakernoteDirectory>(), CanonMakernoteDirectory.TagCanonSerialNumber),
            BurstUuid = Text(directories.OfType<AppleMakernoteDirectory>(), AppleMakernoteDirectory.TagBurstUuid),
            SequenceNumber = Integer(directories.OfType<CanonMakernoteDirectory>(), CanonMakernoteDirectory.ShotInfo.TagSequenceNumber)
                ?? Integer(directories.OfType<FujifilmMakernoteDirectory>(), FujifilmMakernoteDirectory.TagSequenceNumber)
                ?? Integer(directories.OfType<SonyType1MakernoteDirectory>(), SonyType1MakernoteDirectory.TagSequenceNumber),
        };
    }

    /// <summary>
    /// The primary image's stored size where the container declares it apart from what a decoder shows:
    /// HEIF's 'ispe' (before 'irot'), or a TIFF/DNG full-resolution subfile behind a reduced IFD0.
    /// </summary>
    private static (int Width, int Height)? DeclaredSize(IReadOnlyList<Directory> directories, bool tiff)
    {
        if (directories.OfType<HeicImagePropertiesDirectory>().FirstOrDefault() is { } heif
            && heif.TryGetInt32(HeicImagePropertiesDirectory.TagImageWidth, out var w) && heif.TryGetInt32(HeicImagePropertiesDirectory.TagImageHeight, out var h)
            && w > 0 && h > 0)
        {
            return (w, h);
        }

        if (!tiff)
        {
            return null;
        }

        return directories.OfType<ExifDirectoryBase>()
            .Where(d => d.TryGetInt32(ExifDirectoryBase.TagNewSubfileType, out var kind) && kind == 0)
            .Select(d => d.TryGetInt32(ExifDirectoryBase.TagImageWidth, out var width) && d.TryGetInt32(ExifDirectoryBase.TagImageHeight, out var height)
                ? (width, height) : ((int, int)?)null)
            .Where(s => s is { Item1: > 0, Item2: > 0 })
            .MaxBy(s => (long)s!.Value.Item1 * s.Value.Item2);
    }

    private static ExifTimestamp? Timestamp(IEnumerable<ExifDirectoryBase> directories, int dateTag, int subSecondTag, int offsetTag)
    {
        foreach (var directory in directories)
        {
            if (ExifTimestamp.Parse(directory.GetString(dateTag), directory.GetString(subSecondTag), directory.GetString(offsetTag)) is { } parsed)
            {
                return parsed;
            }
        }

        return null;
    }

    private static string? Text(IEnumerable<Directory> directories, int tag) =>
        directories.Select(d => d.GetString(tag)?.Trim('\0', ' ')).FirstOrDefault(s => !string.IsNullOrEmpty(s));

    private static int? Integer(IEnumerable<Directory> directories, int tag)
    {
        foreach (var directory in directories)
        {
            if (directory.TryGetInt32(tag, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static double? Positive(IEnumerable<Directory> directories, int tag)
    {
        foreach (var directory in directories)
        {
            if (directory.TryGetRational(tag, out var rational) && rational.Denominator != 0 && rational.ToDouble() is > 0 and var value
                && double.IsFinite(value))
            {
                return value;
            }
        }

        return null;
    }

    private static (double? Latitude, double? Longitude) Location(GpsDirectory? gps)
    {
        if (gps?.GetGeoLocation() is not { } location)
        {
            return (null, null);
        }

        var valid = double.IsFinite(location.Latitude) && double.IsFinite(location.Longitude)
            && Math.Abs(location.Latitude) <= 90 && Math.Abs(location.Longitude) <= 180
            && !(location.Latitude == 0 && location.Longitude == 0);
        return valid ? (location.Latitude, location.Longitude) : (null, null);
    }

    private static double? Altitude(GpsDirectory gps)
    {
        if (!gps.TryGetRational(GpsDirectory.TagAltitude, out var rational) || rational.Denominator == 0)
        {
            return null;
        }

        var below = gps.TryGetInt32(GpsDirectory.TagAltitudeRef, out var reference) && reference == 1;
        return below ? -rational.ToDouble() : rational.ToDouble();
    }
}

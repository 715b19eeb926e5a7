using Lumina.Core.Metadata;
using Lumina.Imaging.Raw;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Exif.Makernotes;
using MetadataExtractor.Formats.Heif;
using MetadataExtractor.Formats.Tiff;
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
        var (directories, container) = Directories(bytes, fallbackExifBlock, problems);
        return Summarize(directories, IsTiff(bytes), container, problems);
    }

    /// <summary>
    /// A camera RAW file's EXIF: what MetadataExtractor reads in the file, else the EXIF blocks its container
    /// keeps apart (CR3), else the EXIF of its embedded <paramref name="preview"/> JPEG.
    /// </summary>
    public static ExifData ReadRaw(byte[] bytes, IReadOnlyList<ExifBlock> blocks, byte[]? preview)
    {
        var problems = new List<string>();
        var (directories, container) = Directories(bytes, () => null, problems);
        if (!HasExif(directories))
        {
            directories = [.. directories, .. blocks.SelectMany(b => ReadTiffBlock(b.Tiff, problems, b.Root))];
        }

        if (!HasExif(directories) && preview is not null)
        {
            var (previewDirectories, previewContainer) = Directories(preview, () => null, problems);
            directories = [.. directories, .. previewDirectories];
            if (previewContainer is { } p && !HasExif(previewDirectories))
            {
                problems.Add($"the embedded preview's metadata could not be read: {p.Reason}");
            }
        }

        return Summarize(directories, tiff: false, container, problems);
    }

    private static (IReadOnlyList<Directory> Directories, ContainerProblem? Container) Directories(
        byte[] bytes, Func<byte[]?> fallbackExifBlock, List<string> problems)
    {
        var (directories, container) = ReadContainer(bytes);
        if (!HasExif(directories) && (JxlExifBox.Find(bytes) ?? fallbackExifBlock()) is { } block)
        {
            directories = [.. directories, .. ReadTiffBlock(block, problems)];
        }
        else if (GpsPosition.Read(directories.OfType<GpsDirectory>()) is null && HasGpsPointerOutsideIfd0(directories)
            && (IsTiff(bytes) ? bytes : fallbackExifBlock()) is { } tiff)
        {
            directories = [.. directories, .. ReadTiffBlock(tiff, problems).OfType<GpsDirectory>()];
        }

        return (directories, container);
    }

    /// <summary>
    /// MetadataExtractor's directories of a container it knows. A container it does not know (JPEG XL, or
    /// bytes that are no image) is no metadata problem: the EXIF block is looked for directly.
    /// </summary>
    private static (IReadOnlyList<Directory> Directories, ContainerProblem? Problem) ReadContainer(byte[] bytes)
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
            return ([], new ContainerProblem(type.ToString().ToLowerInvariant(), Reason(e)));
        }
    }

    /// <summary>
    /// Why a reader stopped, for people: MetadataExtractor's own messages name the box or segment at fault;
    /// a runtime exception of the parser (an index out of range, an overflow) only means the structure is malformed.
    /// </summary>
    private static string Reason(Exception e) =>
        e is ImageProcessingException or MetadataException ? e.Message.TrimEnd('.') : "its structure is malformed";

    /// <summary>Why MetadataExtractor could not read a container it knows: the container's name and the reason, for people.</summary>
    private readonly record struct ContainerProblem(string Container, string Reason);

    private static bool HasExif(IReadOnlyList<Directory> directories) =>
        directories.Any(d => d is ExifIfd0Directory or ExifSubIfdDirectory);

    private static bool IsTiff(ReadOnlySpan<byte> bytes) => bytes.StartsWith("II*\0"u8) || bytes.StartsWith("MM\0*"u8);

    private static bool HasGpsPointerOutsideIfd0(IReadOnlyList<Directory> directories) =>
        directories.OfType<ExifDirectoryBase>().Any(d => d is not ExifIfd0Directory && d.ContainsTag(ExifIfd0Directory.TagGpsInfoOffset));

    /// <summary>The directories of a TIFF-structured EXIF block, following GPS pointers from any IFD.</summary>
    private static List<Directory> ReadTiffBlock(byte[] block, List<string> problems, ExifBlockKind root = ExifBlockKind.Ifd0)
    {
        // libvips keeps the APP1 preamble "Exif\0\0" in front of the TIFF header for some formats.
        var start = block.Length >= 6 && block[0] == 'E' && block[1] == 'x' && block[2] == 'i' && block[3] == 'f' ? 6 : 0;
        var directories = new List<Directory>();
        try
        {
            TiffReader.ProcessTiff(new ByteArrayReader(block, start), new ExifBlockTiffHandler(directories, root));
            return directories;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            problems.Add($"the EXIF block could not be read: {Reason(e)}");
            return [];
        }
    }

    private static ExifData Summarize(IReadOnlyList<Directory> directories, bool tiff, ContainerProblem? container, List<string> problems)
    {
        if (container is { } c)
        {
            problems.Insert(0, directories.Any(d => d is ExifDirectoryBase)
                ? $"the {c.Container} container's own metadata could not be read ({c.Reason}); its EXIF was read all the same"
                : $"the {c.Container} container's metadata could not be read: {c.Reason}");
        }

        problems.AddRange(directories
            .Where(d => d is ExifDirectoryBase or GpsDirectory)
            .SelectMany(d => d.Errors.Select(error => $"{d.Name}: {error}")));
        var ifd0 = directories.OfType<ExifIfd0Directory>().ToList();
        var sub = directories.OfType<ExifSubIfdDirectory>().ToList();
        var exif = ifd0.Cast<ExifDirectoryBase>().Concat(sub).ToList();
        var position = GpsPosition.Read(directories.OfType<GpsDirectory>());

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
            Latitude = position?.Latitude,
            Longitude = position?.Longitude,
            Altitude = position?.Altitude,
            DeclaredSize = DeclaredSize(directories, tiff),
            ImageSize = Integer(sub, ExifDirectoryBase.TagExifImageWidth) is > 0 and var width && Integer(sub, ExifDirectoryBase.TagExifImageHeight) is > 0 and var height
                ? (width, height) : null,
            SerialNumber = Text(exif, ExifDirectoryBase.TagBodySerialNumber)
                ?? Text(directories.OfType<CanonMakernoteDirectory>(), CanonMakernoteDirectory.TagCanonSerialNumber),
            BurstUuid = Text(directories.OfType<AppleMakernoteDirectory>(), AppleMakernoteDirectory.TagBurstUuid),
            SequenceNumber = Integer(directories.OfType<CanonMakernoteDirectory>(), CanonMakernoteDirectory.ShotInfo.TagSequenceNumber)
                ?? Integer(directories.OfType<FujifilmMakernoteDirectory>(), FujifilmMakernoteDirectory.TagSequenceNumber)
                ?? Integer(directories.OfType<SonyType1MakernoteDirectory>(), SonyType1MakernoteDirectory.TagSequenceNumber),
            Problems = problems.Distinct().ToList(),
        };
    }

    /// <summary>
    /// The primary image's stored size where the container declares it apart from what a decoder shows:
    /// HEIF's 'ispe' (before 'irot'), or a TIFF's full-resolution subfile behind a reduced IFD0.
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
}

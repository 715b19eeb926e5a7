using MetadataExtractor.Formats.Exif;
using Directory = MetadataExtractor.Directory;

namespace Lumina.Imaging.Exif;

/// <summary>
/// MetadataExtractor's EXIF handler, except that a GPS IFD pointer is followed from any IFD: some writers
/// put it in the Exif SubIFD or IFD1, where MetadataExtractor keeps it as a plain number and the
/// position is lost. exiftool follows it wherever it is.
/// </summary>
internal sealed class GpsAnywhereTiffHandler(List<Directory> directories) : ExifTiffHandler(directories)
{
    public override bool TryEnterSubIfd(int tagId)
    {
        if (tagId == ExifIfd0Directory.TagGpsInfoOffset && CurrentDirectory is ExifDirectoryBase and not ExifIfd0Directory)
        {
            PushDirectory(new GpsDirectory());
            return true;
        }

        return base.TryEnterSubIfd(tagId);
    }
}

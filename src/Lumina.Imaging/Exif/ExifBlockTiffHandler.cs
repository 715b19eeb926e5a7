using Lumina.Imaging.Raw;
using MetadataExtractor.Formats.Exif;
using Directory = MetadataExtractor.Directory;

namespace Lumina.Imaging.Exif;

/// <summary>
/// MetadataExtractor's EXIF handler for a TIFF-structured EXIF block, with two differences. A GPS IFD
/// pointer is followed from any IFD: some writers put it in the Exif SubIFD or IFD1, where
/// MetadataExtractor keeps it as a plain number and the position is lost (exiftool follows it wherever
/// it is). And the block's first IFD can be an Exif or a GPS IFD, as CR3 stores them.
/// </summary>
internal sealed class ExifBlockTiffHandler(List<Directory> directories, ExifBlockKind root) : ExifTiffHandler(directories)
{
    public override void SetTiffMarker(int marker)
    {
        switch (root)
        {
            case ExifBlockKind.Exif:
                PushDirectory(new ExifSubIfdDirectory());
                break;
            case ExifBlockKind.Gps:
                PushDirectory(new GpsDirectory());
                break;
            default:
                base.SetTiffMarker(marker);
                break;
        }
    }

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

using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.IO;

namespace Lumina.Imaging.Exif;

/// <summary>The JPEG thumbnail a camera stores in the EXIF block (IFD1), which re-saves carry along unchanged.</summary>
public static class ExifThumbnail
{
    /// <summary>The thumbnail's bytes from an EXIF block (with or without the APP1 "Exif\0\0" preamble), or null.</summary>
    public static byte[]? Find(byte[]? block)
    {
        if (block is null || block.Length < 8)
        {
            return null;
        }

        var start = block.AsSpan().StartsWith("Exif\0\0"u8) ? 6 : 0;
        try
        {
            var thumbnail = new ExifReader().Extract(new ByteArrayReader(block, start)).OfType<ExifThumbnailDirectory>().FirstOrDefault();
            if (thumbnail is null
                || !thumbnail.TryGetInt32(ExifThumbnailDirectory.TagThumbnailOffset, out var offset)
                || !thumbnail.TryGetInt32(ExifThumbnailDirectory.TagThumbnailLength, out var length)
                || offset <= 0 || length <= 0 || (long)start + offset + length > block.Length)
            {
                return null;
            }

            return block.AsSpan(start + offset, length).ToArray();
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }
}

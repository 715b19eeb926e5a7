using System.Buffers.Binary;

namespace Lumina.Imaging.Exif;

/// <summary>
/// Finds the EXIF block of a JPEG XL file in the ISO-BMFF container ('JXL ' signature box), which
/// MetadataExtractor 2.4 does not read. The 'Exif' box holds a 4-byte offset to the TIFF header.
/// </summary>
internal static class JxlExifBox
{
    private static ReadOnlySpan<byte> Signature => [0, 0, 0, 12, (byte)'J', (byte)'X', (byte)'L', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A];

    public static byte[]? Find(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.StartsWith(Signature))
        {
            return null;
        }

        var position = 0L;
        while (position + 8 <= bytes.Length)
        {
            var size = (long)BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice((int)position, 4));
            var type = bytes.Slice((int)position + 4, 4);
            var header = 8L;
            if (size == 1 && position + 16 <= bytes.Length)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice((int)position + 8, 8));
                header = 16;
            }
            else if (size == 0)
            {
                size = bytes.Length - position;
            }

            if (size < header || position + size > bytes.Length)
            {
                return null;
            }

            if (type.SequenceEqual("Exif"u8) && size >= header + 4)
            {
                var payload = bytes.Slice((int)(position + header), (int)(size - header));
                var tiffOffset = BinaryPrimitives.ReadUInt32BigEndian(payload);
                return tiffOffset + 4 <= (uint)payload.Length ? payload[(int)(4 + tiffOffset)..].ToArray() : null;
            }

            position += size;
        }

        return null;
    }
}

using System.Buffers.Binary;

namespace Lumina.Imaging.Raw;

/// <summary>
/// Tells whether bytes are a JPEG stream libvips can decode (baseline, extended or progressive, 8-bit,
/// grey or colour) and its size, from the markers up to the frame header. RAW files also hold lossless
/// JPEG (sensor data, as in CR2 and DNG): that is not a preview, and is refused here.
/// </summary>
internal static class JpegFrame
{
    public static (int Width, int Height)? Read(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return null;
        }

        var at = 2;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF)
            {
                return null;
            }

            var marker = jpeg[at + 1];
            if (marker == 0xFF)
            {
                at++;
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                at += 2;
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            if (length < 2 || at + 2 + length > jpeg.Length)
            {
                return null;
            }

            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                return Frame(marker, jpeg.Slice(at + 4, length - 2));
            }

            at += 2 + length;
        }

        return null;
    }

    private static (int Width, int Height)? Frame(byte marker, ReadOnlySpan<byte> header)
    {
        if (marker is not (0xC0 or 0xC1 or 0xC2) || header.Length < 6 || header[0] != 8 || header[5] is not (1 or 3))
        {
            return null;
        }

        int height = BinaryPrimitives.ReadUInt16BigEndian(header[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(header[3..]);
        return width > 0 && height > 0 ? (width, height) : null;
    }
}

namespace Lumina.Core.Quality;

/// <summary>
/// Estimates the quality setting a JPEG was saved with from its quantization tables (DQT segments): the
/// IJG quality 1-100 whose scaling of the ITU-T T.81 Annex K tables comes nearest to the file's tables.
/// Encoders built on libjpeg (libvips, ImageMagick, GIMP, PIL, most cameras' firmware) store those tables
/// exactly; other encoders' tables land on the setting that quantizes about as coarsely.
/// </summary>
public static class JpegQuality
{
    /// <summary>Annex K.1, luminance, in natural (row-major) order.</summary>
    private static readonly int[] Luminance =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    /// <summary>Annex K.2, chrominance, in natural order.</summary>
    private static readonly int[] Chrominance =
    [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ];

    /// <summary>Where the i-th value of a DQT segment (zig-zag order) sits in natural order.</summary>
    private static readonly int[] ZigZag =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];

    /// <summary>The estimated quality 1-100, or null when the bytes are no JPEG or hold no luminance table before the scan.</summary>
    public static int? Estimate(ReadOnlySpan<byte> jpeg)
    {
        var tables = ReadTables(jpeg);
        if (tables[0] is not { } luminance)
        {
            return null;
        }

        var chrominance = tables[1];
        var best = 0;
        var bestError = long.MaxValue;
        for (var quality = 1; quality <= 100; quality++)
        {
            var error = Error(luminance, Luminance, quality) + (chrominance is null ? 0 : Error(chrominance, Chrominance, quality));
            if (error < bestError)
            {
                (best, bestError) = (quality, error);
            }
        }

        return best;
    }

    /// <summary>The IJG scaling of a base table at <paramref name="quality"/>, clamped to 1-255 as baseline JPEG stores it.</summary>
    public static int Scaled(int baseValue, int quality)
    {
        var scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
        return Math.Clamp((baseValue * scale + 50) / 100, 1, 255);
    }

    private static long Error(int[] table, int[] standard, int quality)
    {
        long error = 0;
        for (var i = 0; i < 64; i++)
        {
            error += Math.Abs(table[i] - Scaled(standard[i], quality));
        }

        return error;
    }

    /// <summary>Tables 0-3 in natural order from the DQT segments before the first scan; missing ones are null.</summary>
    private static int[]?[] ReadTables(ReadOnlySpan<byte> jpeg)
    {
        var tables = new int[]?[4];
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return tables;
        }

        var position = 2;
        while (position + 4 <= jpeg.Length)
        {
            if (jpeg[position] != 0xFF)
            {
                return tables;
            }

            var marker = jpeg[position + 1];
            if (marker == 0xFF)
            {
                position++;
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return tables;
            }

            var length = (jpeg[position + 2] << 8) | jpeg[position + 3];
            if (length < 2 || position + 2 + length > jpeg.Length)
            {
                return tables;
            }

            if (marker == 0xDB)
            {
                ReadSegment(jpeg.Slice(position + 4, length - 2), tables);
            }

            position += 2 + length;
        }

        return tables;
    }

    private static void ReadSegment(ReadOnlySpan<byte> segment, int[]?[] tables)
    {
        while (segment.Length > 0)
        {
            var wide = segment[0] >> 4 == 1;
            var id = segment[0] & 0x0F;
            var size = wide ? 128 : 64;
            if (id > 3 || segment.Length < 1 + size)
            {
                return;
            }

            var table = new int[64];
            for (var i = 0; i < 64; i++)
            {
                table[ZigZag[i]] = wide ? (segment[1 + 2 * i] << 8) | segment[2 + 2 * i] : segment[1 + i];
            }

            tables[id] = table;
            segment = segment[(1 + size)..];
        }
    }
}

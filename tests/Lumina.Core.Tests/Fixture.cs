namespace Lumina.Core.Tests;

/// <summary>
/// The small images of tests/Lumina.Imaging.Tests/Reference/imagehash_reference.py's fixtures, whose
/// luminance, resizes and hashes Pillow 9.4 and that script computed.
/// </summary>
internal static class Fixture
{
    /// <summary>Pillow's "L" conversion of the 13x7 fixture, row by row.</summary>
    public static readonly byte[] PillowLuma =
    [
        29, 42, 60, 84, 114, 150, 192, 163, 67, 126, 192, 113, 190, 49, 61, 79, 104, 134, 170, 212, 33, 86, 146, 61, 132, 209,
        67, 79, 97, 122, 152, 188, 230, 51, 104, 164, 79, 150, 77, 83, 95, 114, 138, 168, 204, 96, 67, 120, 180, 95, 166, 93,
        98, 110, 128, 153, 183, 219, 34, 82, 135, 44, 110, 181, 137, 111, 123, 142, 166, 196, 82, 47, 124, 178, 87, 152, 223,
        150, 122, 164, 182, 207, 237, 122, 88, 135, 189, 98, 164, 85, 162,
    ];

    /// <summary>The 13x7 RGB fixture (each channel a simple function of the position) in Rec. 601 luminance.</summary>
    public static GreyPlane Plane()
    {
        const int width = 13, height = 7;
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = (y * width + x) * 3;
                rgb[p] = (byte)((x * 37 + y * 11) % 256);
                rgb[p + 1] = (byte)((x * x * 5 + y * 29) % 256);
                rgb[p + 2] = (byte)((255 - x * 13 - y * y * 7 + 512) % 256);
            }
        }

        return GreyPlane.FromPixels(rgb, width, height, 3, Luma.Rec601);
    }

    /// <summary>A 64x64 plane black on the left half and white on the right.</summary>
    public static GreyPlane Step()
    {
        var pixels = new byte[64 * 64];
        for (var y = 0; y < 64; y++)
        {
            Array.Fill(pixels, (byte)255, y * 64 + 32, 32);
        }

        return new GreyPlane(64, 64, pixels);
    }
}

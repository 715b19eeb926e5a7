namespace Lumina.Core;

/// <summary>An 8-bit luminance image, row by row without padding.</summary>
public sealed class GreyPlane
{
    public GreyPlane(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0 || pixels.Length != width * height)
        {
            throw new ArgumentException($"a {width}x{height} plane needs {width * height} bytes, got {pixels.Length}");
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>
    /// Luminance of 8-bit grey (1 band) or RGB (3 bands) pixels, band-interleaved, with the given weights.
    /// </summary>
    public static GreyPlane FromPixels(byte[] pixels, int width, int height, int bands, Luma luma)
    {
        if (bands == 1)
        {
            return new GreyPlane(width, height, pixels);
        }

        if (bands != 3 || pixels.Length != width * height * 3)
        {
            throw new ArgumentException($"expected {width}x{height} pixels of 1 or 3 bands, got {pixels.Length} bytes in {bands} bands");
        }

        // Weights in 1/256 (Rec. 709) or, as Pillow's "L" conversion holds them, in 1/65536 (ITU-R 601-2).
        var (r, g, b, shift) = luma == Luma.Rec709 ? (54, 183, 19, 8) : (19595, 38470, 7471, 16);
        var half = 1 << (shift - 1);
        var grey = new byte[width * height];
        for (int i = 0, p = 0; i < grey.Length; i++, p += 3)
        {
            grey[i] = (byte)((r * pixels[p] + g * pixels[p + 1] + b * pixels[p + 2] + half) >> shift);
        }

        return new GreyPlane(width, height, grey);
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public byte this[int x, int y] => Pixels[y * Width + x];

    /// <summary>The centred region keeping <paramref name="fraction"/> of each side (at least one pixel).</summary>
    public GreyPlane CropCentre(double fraction)
    {
        var width = Math.Max(1, (int)Math.Round(Width * fraction));
        var height = Math.Max(1, (int)Math.Round(Height * fraction));
        var left = (Width - width) / 2;
        var top = (Height - height) / 2;
        var cropped = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            Pixels.AsSpan((top + y) * Width + left, width).CopyTo(cropped.AsSpan(y * width, width));
        }

        return new GreyPlane(width, height, cropped);
    }

    /// <summary>
    /// Resized to <paramref name="width"/> x <paramref name="height"/> as Pillow's
    /// <c>Image.resize(size, Image.LANCZOS)</c> resizes an "L" image, to the same 8-bit values.
    /// </summary>
    public GreyPlane ResizeLanczos(int width, int height) =>
        new(width, height, LanczosResampler.Resize(Pixels, Width, Height, width, height));

    /// <summary>Mirrored left to right.</summary>
    public GreyPlane Mirror()
    {
        var mirrored = new byte[Pixels.Length];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                mirrored[y * Width + x] = Pixels[y * Width + Width - 1 - x];
            }
        }

        return new GreyPlane(Width, Height, mirrored);
    }
}

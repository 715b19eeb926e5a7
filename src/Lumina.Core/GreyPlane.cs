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

    /// <summary>Luminance (Rec. 709 weights) of 8-bit grey (1 band) or RGB (3 bands) pixels, band-interleaved.</summary>
    public static GreyPlane FromPixels(byte[] pixels, int width, int height, int bands)
    {
        if (bands == 1)
        {
            return new GreyPlane(width, height, pixels);
        }

        if (bands != 3 || pixels.Length != width * height * 3)
        {
            throw new ArgumentException($"expected {width}x{height} pixels of 1 or 3 bands, got {pixels.Length} bytes in {bands} bands");
        }

        var grey = new byte[width * height];
        for (int i = 0, p = 0; i < grey.Length; i++, p += 3)
        {
            grey[i] = (byte)((54 * pixels[p] + 183 * pixels[p + 1] + 19 * pixels[p + 2] + 128) >> 8);
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
    /// Resamples to <paramref name="width"/> x <paramref name="height"/> by exact area averaging: each
    /// target pixel is the mean of the source area it covers, with partial pixels weighted by coverage.
    /// </summary>
    public float[] ResampleArea(int width, int height)
    {
        var horizontal = AreaWeights(Width, width);
        var vertical = AreaWeights(Height, height);
        var rows = new float[Height * width];
        for (var y = 0; y < Height; y++)
        {
            var source = Pixels.AsSpan(y * Width, Width);
            for (var x = 0; x < width; x++)
            {
                var sum = 0f;
                foreach (var (index, weight) in horizontal[x])
                {
                    sum += source[index] * weight;
                }

                rows[y * width + x] = sum;
            }
        }

        var result = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            foreach (var (index, weight) in vertical[y])
            {
                for (var x = 0; x < width; x++)
                {
                    result[y * width + x] += rows[index * width + x] * weight;
                }
            }
        }

        return result;
    }

    private static (int Index, float Weight)[][] AreaWeights(int sourceLength, int targetLength)
    {
        var scale = (double)sourceLength / targetLength;
        var weights = new (int, float)[targetLength][];
        for (var t = 0; t < targetLength; t++)
        {
            var start = t * scale;
            var end = (t + 1) * scale;
            var list = new List<(int, float)>();
            for (var s = (int)Math.Floor(start); s < Math.Min(sourceLength, (int)Math.Ceiling(end)); s++)
            {
                var covered = Math.Min(end, s + 1) - Math.Max(start, s);
                if (covered > 1e-9)
                {
                    list.Add((s, (float)(covered / scale)));
                }
            }

            weights[t] = [.. list];
        }

        return weights;
    }
}

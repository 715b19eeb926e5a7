namespace Lumina.Core.Tests;

/// <summary>Synthetic luminance planes for algorithm tests.</summary>
internal static class Planes
{
    /// <summary>A 160x120 scene of a gradient and a few shapes, different for each seed.</summary>
    public static GreyPlane Scene(int seed, int width = 160, int height = 120)
    {
        var random = new Random(seed);
        var shapes = Enumerable.Range(0, 5)
            .Select(_ => (X: random.Next(width), Y: random.Next(height), R: random.Next(10, 40), Value: (byte)random.Next(256)))
            .ToList();
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var value = (byte)(160 * y / height + 40 * x / width + 30);
                foreach (var s in shapes.Where(s => (x - s.X) * (x - s.X) + (y - s.Y) * (y - s.Y) < s.R * s.R))
                {
                    value = s.Value;
                }

                pixels[y * width + x] = value;
            }
        }

        return new GreyPlane(width, height, pixels);
    }

    public static GreyPlane BoxBlur(GreyPlane plane, int radius)
    {
        var pixels = new byte[plane.Pixels.Length];
        for (var y = 0; y < plane.Height; y++)
        {
            for (var x = 0; x < plane.Width; x++)
            {
                int sum = 0, count = 0;
                for (var dy = -radius; dy <= radius; dy++)
                {
                    for (var dx = -radius; dx <= radius; dx++)
                    {
                        var sx = Math.Clamp(x + dx, 0, plane.Width - 1);
                        var sy = Math.Clamp(y + dy, 0, plane.Height - 1);
                        sum += plane[sx, sy];
                        count++;
                    }
                }

                pixels[y * plane.Width + x] = (byte)(sum / count);
            }
        }

        return new GreyPlane(plane.Width, plane.Height, pixels);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Lumina.Testing;

/// <summary>
/// Makes the images tests need: synthetic scenes written as PPM, converted to any format with the
/// libvips command line, tagged with exiftool. Both tools come with the test dependencies.
/// </summary>
public static class TestImages
{
    /// <summary>
    /// A deterministic scene (gradient sky, coloured shapes, fine texture) different for each seed, so
    /// hashes and quality metrics have structure to work on.
    /// </summary>
    public static byte[] Scene(int width, int height, int seed)
    {
        var random = new Random(seed);
        var shapes = Enumerable.Range(0, 6).Select(_ => (
            X: random.NextDouble() * width, Y: random.NextDouble() * height, R: (0.08 + random.NextDouble() * 0.25) * Math.Min(width, height),
            Colour: (R: random.Next(256), G: random.Next(256), B: random.Next(256)), Square: random.Next(2) == 0)).ToList();
        var tilt = random.NextDouble();
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sky = (byte)(40 + 180.0 * (y * (1 - tilt) / height + x * tilt / width));
                (int R, int G, int B) colour = (sky / 2, sky, 255 - sky / 3);
                foreach (var s in shapes)
                {
                    var inside = s.Square
                        ? Math.Abs(x - s.X) < s.R && Math.Abs(y - s.Y) < s.R
                        : (x - s.X) * (x - s.X) + (y - s.Y) * (y - s.Y) < s.R * s.R;
                    if (inside)
                    {
                        colour = s.Colour;
                    }
                }

                var texture = ((x / 3 + y / 3) % 2) * 12;
                var i = (y * width + x) * 3;
                rgb[i] = (byte)Math.Min(255, colour.R + texture);
                rgb[i + 1] = (byte)Math.Min(255, colour.G + texture);
                rgb[i + 2] = (byte)Math.Min(255, colour.B + texture);
            }
        }

        return rgb;
    }

    /// <summary>Writes interleaved RGB pixels to <paramref name="path"/>, the format chosen by its extension (with libvips options in brackets, e.g. "a.jpg[Q=90]").</summary>
    public static void Save(byte[] rgb, int width, int height, string path)
    {
        var ppm = Path.Combine(Path.GetTempPath(), $"lumina-test-{Guid.NewGuid():N}.ppm");
        try
        {
            using (var file = File.Create(ppm))
            {
                file.Write(Encoding.ASCII.GetBytes($"P6\n{width} {height}\n255\n"));
                file.Write(rgb);
            }

            Run("vips", "copy", ppm, path);
        }
        finally
        {
            File.Delete(ppm);
        }
    }

    /// <summary>
    /// Writes RGB noise to <paramref name="path"/> (a PNG: no shrink-on-load, and noise does not compress,
    /// so decoding it is slow whatever the machine: an 8000x6000 one takes about 2 s).
    /// </summary>
    public static void SaveNoise(string path, int width, int height)
    {
        var grey = Path.Combine(Path.GetTempPath(), $"lumina-test-{Guid.NewGuid():N}.v");
        var bytes = Path.Combine(Path.GetTempPath(), $"lumina-test-{Guid.NewGuid():N}.v");
        try
        {
            Run("vips", "gaussnoise", grey, width.ToString(CultureInfo.InvariantCulture), height.ToString(CultureInfo.InvariantCulture), "--sigma", "40", "--mean", "128");
            Run("vips", "cast", grey, bytes, "uchar");
            Run("vips", "bandjoin", $"{bytes} {bytes} {bytes}", path + "[compression=1]");
        }
        finally
        {
            File.Delete(grey);
            File.Delete(bytes);
        }
    }

    /// <summary>Writes a scene of the given size and seed to <paramref name="path"/>.</summary>
    public static string SaveScene(string path, int width, int height, int seed)
    {
        Save(Scene(width, height, seed), width, height, path);
        return path.Split('[')[0];
    }

    /// <summary>Sets tags with exiftool, e.g. ("DateTimeOriginal", "2021:05:01 10:00:00").</summary>
    public static void Tag(string path, params (string Tag, string Value)[] tags) =>
        Run("exiftool", [.. tags.Select(t => $"-{t.Tag}={t.Value}"), "-overwrite_original", "-n", path]);

    public static void Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed: {stderr.Result}");
        }
    }
}

using Lumina.Core.Duplicates;
using Lumina.Core.Hashing;
using Lumina.Core.Picks;
using Lumina.Imaging.Analysis;
using Lumina.Testing;

namespace Lumina.Imaging.Tests;

/// <summary>
/// Copies of real camera photos from the corpus (exif/: JPEGs with make, model and DateTimeOriginal),
/// made once per test class with the libvips command line and analyzed: the edits a catalog collects. Edits
/// that keep the original's pixels are saved at the original's estimated JPEG quality, as ImageMagick
/// and most editors do by default; libvips keeps the EXIF.
/// </summary>
public sealed class GeneratedCopies : IDisposable
{
    /// <summary>How many originals; each gets every edit.</summary>
    public const int Originals = 12;

    private readonly Lazy<IReadOnlyList<Copy>> _images;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"lumina-copies-{Guid.NewGuid():N}");

    public GeneratedCopies()
    {
        _images = new(Generate);
    }

    /// <summary>An original or one of its edits: which original, which edit ("original" for itself), and its analysis.</summary>
    public sealed record Copy(string Original, string Edit, ImageAnalysis Analysis);

    /// <summary>Edits for which the original must be the best pick.</summary>
    public static IReadOnlyList<string> PickEdits { get; } = ["q30", "grey", "half", "0.97x", "png", "brightened", "cropped", "flipped", "rotated"];

    /// <summary>Every original and edit; skips the calling test when the corpus is absent.</summary>
    public IReadOnlyList<Copy> Images
    {
        get
        {
            RepoPaths.RequireCorpus("exif");
            return _images.Value;
        }
    }

    public static DuplicateCandidate Candidate(long id, ImageAnalysis analysis) => new(
        id, analysis.Sha256, analysis.Pixels?.Hashes.Difference, analysis.Pixels?.Variants, analysis.Pixels?.CropHashes, Traits(analysis),
        analysis.Pixels is { Hashes: var h } ? (h.Average, h.Perceptual, h.Wavelet) : null);

    /// <summary>What the catalog stores for choosing the best image (duplicate_candidates.sql), from an analysis.</summary>
    public static PickTraits Traits(ImageAnalysis analysis) => new(
        analysis.Width, analysis.Height, analysis.Format, analysis.Size, analysis.JpegQuality, analysis.Pixels?.Colourfulness,
        analysis.Exif is { Make: not null, Model: not null, DateTimeOriginal: not null }, analysis.Pixels?.CameraThumbnailDifference,
        analysis.Pixels?.Quality.Score, analysis.Pixels?.Quality.Sharpness);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private IReadOnlyList<Copy> Generate()
    {
        Directory.CreateDirectory(_folder);
        var analyzer = new ImageAnalyzer(new AnalysisSettings());
        var ct = TestContext.Current.CancellationToken;
        var originals = Directory.GetFiles(RepoPaths.RequireCorpus("exif"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(path => (Path: path, Analysis: analyzer.Analyze(File.ReadAllBytes(path), ct)))
            .Where(o => o.Analysis is { Error: null, JpegQuality: not null, Width: >= 400, Height: >= 300, Orientation: null or 1, Exif: { Make: not null, Model: not null, DateTimeOriginal: not null } })
            .ToList();
        var chosen = Enumerable.Range(0, Originals).Select(i => originals[i * originals.Count / Originals]).ToList();
        var random = new Random(41);
        var jobs = chosen.SelectMany((original, index) => Edits(original.Path, $"o{index:D2}", original.Analysis, random)).ToList();
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, job => job.Make());
        return
        [
            .. chosen.Select((original, index) => new Copy($"o{index:D2}", "original", original.Analysis)),
            .. jobs.Select(job => new Copy(job.Original, job.Edit, analyzer.Analyze(File.ReadAllBytes(job.Path), ct))),
        ];
    }

    private sealed record EditJob(string Original, string Edit, string Path, Action Make);

    private IEnumerable<EditJob> Edits(string source, string name, ImageAnalysis original, Random random)
    {
        var q = $"[Q={original.JpegQuality}]";
        int width = original.Width!.Value, height = original.Height!.Value;
        EditJob Job(string edit, string extension, params string[][] commands)
        {
            var path = System.IO.Path.Combine(_folder, $"{name}-{edit}.{extension}");
            return new EditJob(name, edit, path, () =>
            {
                foreach (var command in commands)
                {
                    TestImages.Run(command[0], [.. command[1..].Select(a => a.Replace("{in}", source).Replace("{out}", path))]);
                }
            });
        }

        EditJob Crop(string edit, (int X, int Y) cut, double share)
        {
            var keptWidth = cut.X == 0 ? width : (int)Math.Round(width * (1 - share));
            var keptHeight = cut.Y == 0 ? height : (int)Math.Round(height * (1 - share));
            var left = cut.X < 0 ? width - keptWidth : 0;
            var top = cut.Y < 0 ? height - keptHeight : 0;
            return Job(edit, "jpg", ["vips", "crop", "{in}", "{out}" + q, $"{left}", $"{top}", $"{keptWidth}", $"{keptHeight}"]);
        }

        yield return Job("q30", "jpg", ["vips", "copy", "{in}", "{out}[Q=30]"]);
        yield return Job("grey", "jpg", ["vips", "colourspace", "{in}", "{out}" + q, "b-w"]);
        yield return Job("half", "jpg", ["vips", "resize", "{in}", "{out}" + q, "0.5"]);
        yield return Job("0.97x", "jpg", ["vips", "resize", "{in}", "{out}" + q, "0.97"]);
        yield return Job("png", "png", ["vips", "copy", "{in}", "{out}"]);
        yield return Job("brightened", "jpg", ["vips", "linear", "{in}", "{out}" + q, "1.1", "12", "--uchar"]);
        yield return Job("contrast", "jpg", ["vips", "linear", "{in}", "{out}" + q, "1.3", " -30", "--uchar"]);
        yield return Crop("cropped", CropHashes.Cuts[random.Next(CropHashes.Cuts.Length)], 0.08);
        yield return Job("flipped", "jpg", ["vips", "flip", "{in}", "{out}" + q, "horizontal"]);
        yield return Job("rotated", "jpg", ["vips", "rot", "{in}", "{out}" + q, "d90"], ["exiftool", "-Orientation=8", "-n", "-overwrite_original", "{out}"]);
        foreach (var cut in CropHashes.Cuts)
        {
            yield return Crop($"crop{cut.X}{cut.Y}", cut, 0.02 + random.NextDouble() * 0.06);
        }
    }
}

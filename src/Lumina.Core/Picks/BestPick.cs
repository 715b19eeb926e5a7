using System.Globalization;
using Lumina.Core.Quality;

namespace Lumina.Core.Picks;

/// <summary>
/// Which of two copies of a picture a careful person keeps, and why: the most pixels, then the least lossy
/// encoding, then colour over grey, then the camera original over a re-save (camera EXIF, then pixels that
/// match the camera's EXIF thumbnail), then the camera's format over
/// a conversion, and the quality score only between files equal on all of those. Burst frames, all from
/// one camera, compare sharpness right after the pixels.
/// </summary>
/// <remarks>
/// Encodings are compared only where the comparison means something: JPEG against JPEG by the quality
/// their tables were made with, another lossy format against itself by bits per pixel, each only when the
/// gap is wide enough that it is not the spread of one encoder's settings. A lossless re-save of a JPEG
/// carries no more of the picture than the JPEG, and a JPEG re-saved at a higher setting no more than its
/// source, so a PNG never beats a JPEG by being lossless and a less lossy file without camera EXIF never
/// beats one with it: the camera and format rules decide those.
/// </remarks>
public static class BestPick
{
    /// <summary>JPEG quality settings closer than this are one encoding as far as keeping goes.</summary>
    public const int JpegQualityGap = 5;

    /// <summary>Ratio of bits per pixel (same lossy format) that makes one encoding less lossy.</summary>
    public const double BitsPerPixelRatio = 1.25;

    /// <summary>Ratio of Laplacian variances that makes one burst frame sharper.</summary>
    public const double SharpnessRatio = 1.15;

    private static readonly HashSet<string> CameraFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        "jpeg", "heic", "heif", "raw", "dng", "cr2", "cr3", "nef", "nrw", "arw", "srf", "sr2", "orf", "rw2", "raf", "pef", "srw", "3fr", "iiq", "x3f",
    };

    private static readonly HashSet<string> LossyFormats = new(StringComparer.OrdinalIgnoreCase) { "webp", "heic", "heif", "avif" };

    private delegate Verdict? Rule(PickTraits a, PickTraits b);

    private static readonly Rule[] DuplicateRules = [Pixels, Encoding, Colour, CameraOriginal, OriginalFormat, QualityScore];

    private static readonly Rule[] BurstRules = [Pixels, Sharpness, Encoding, Colour, CameraOriginal, OriginalFormat, QualityScore];

    /// <summary>Positive when <paramref name="a"/> is the one to keep, negative for <paramref name="b"/>, 0 when no rule tells them apart; with the winner's reason.</summary>
    public static Verdict Compare(PickTraits a, PickTraits b) => Decide(DuplicateRules, a, b);

    /// <summary>The same for two frames of a burst.</summary>
    public static Verdict CompareFrames(PickTraits a, PickTraits b) => Decide(BurstRules, a, b);

    private static Verdict Decide(Rule[] rules, PickTraits a, PickTraits b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        foreach (var rule in rules)
        {
            if (rule(a, b) is { } verdict)
            {
                return verdict;
            }
        }

        return new Verdict(0, "equal on every rule");
    }

    private static Verdict? Pixels(PickTraits a, PickTraits b)
    {
        if (a.Pixels == b.Pixels)
        {
            return null;
        }

        var (more, fewer) = a.Pixels > b.Pixels ? (a, b) : (b, a);
        return For(a, more, $"most pixels ({Size(more, fewer)} vs {Size(fewer, more)})");
    }

    private static Verdict? Encoding(PickTraits a, PickTraits b)
    {
        if (IsFormat(a, "jpeg") && IsFormat(b, "jpeg") && a.JpegQuality is { } qa && b.JpegQuality is { } qb && Math.Abs(qa - qb) >= JpegQualityGap)
        {
            var (better, worse) = qa > qb ? (a, b) : (b, a);
            return Trusted(better, worse) ? For(a, better, $"less lossy (JPEG quality ~{better.JpegQuality} vs ~{worse.JpegQuality})") : null;
        }

        if (a.Format is { } format && LossyFormats.Contains(format) && IsFormat(b, format)
            && BitsPerPixel(a) is { } bitsA && BitsPerPixel(b) is { } bitsB && Math.Max(bitsA, bitsB) >= BitsPerPixelRatio * Math.Min(bitsA, bitsB))
        {
            var (better, worse) = bitsA > bitsB ? (a, b) : (b, a);
            return Trusted(better, worse)
                ? For(a, better, string.Create(CultureInfo.InvariantCulture, $"less lossy ({format} at {BitsPerPixel(better):0.##} vs {BitsPerPixel(worse):0.##} bits per pixel)"))
                : null;
        }

        return null;

        // A less lossy encoding without the camera's EXIF is a re-save of the one that has it.
        static bool Trusted(PickTraits better, PickTraits worse) => better.CameraExif || !worse.CameraExif;
    }

    private static Verdict? Colour(PickTraits a, PickTraits b)
    {
        if (a.Colourfulness is not { } ca || b.Colourfulness is not { } cb || Colourfulness.IsGrey(ca) == Colourfulness.IsGrey(cb))
        {
            return null;
        }

        return For(a, Colourfulness.IsGrey(cb) ? a : b, "colour, the other is grey");
    }

    /// <summary>
    /// Re-saves keep the EXIF, thumbnail included, so of two files with camera EXIF the one whose pixels still
    /// match the camera's thumbnail is the original: a flip, a rotation or a brightness edit no longer does.
    /// </summary>
    private static Verdict? CameraOriginal(PickTraits a, PickTraits b)
    {
        if (a.CameraEvidence == b.CameraEvidence)
        {
            return null;
        }

        var (original, copy) = a.CameraEvidence > b.CameraEvidence ? (a, b) : (b, a);
        return For(a, original, copy.CameraEvidence == 0
            ? "camera original (EXIF make, model, date)"
            : "camera original (its pixels match the camera's EXIF thumbnail, the other's do not)");
    }

    private static Verdict? OriginalFormat(PickTraits a, PickTraits b)
    {
        var cameraA = a.Format is { } fa && CameraFormats.Contains(fa);
        var cameraB = b.Format is { } fb && CameraFormats.Contains(fb);
        if (cameraA == cameraB)
        {
            return null;
        }

        var (original, conversion) = cameraA ? (a, b) : (b, a);
        return For(a, original, $"original format ({original.Format}, the other is {conversion.Format ?? "unknown"})");
    }

    private static Verdict? QualityScore(PickTraits a, PickTraits b)
    {
        var qa = a.Quality ?? double.NegativeInfinity;
        var qb = b.Quality ?? double.NegativeInfinity;
        if (qa == qb)
        {
            return null;
        }

        var (higher, lower) = qa > qb ? (a, b) : (b, a);
        // One decimal, or as many as tell the two apart: "70.4 vs 70.4" reads as a tie.
        var format = lower.Quality is { } l && Math.Round(higher.Quality!.Value, 1) == Math.Round(l, 1) ? "0.0##" : "0.#";
        return For(a, higher, $"higher quality score ({Score(higher, format)} vs {Score(lower, format)})");

        static string Score(PickTraits image, string format) => image.Quality is { } q ? q.ToString(format, CultureInfo.InvariantCulture) : "none";
    }

    private static Verdict? Sharpness(PickTraits a, PickTraits b)
    {
        if (a.Sharpness is not { } sa || b.Sharpness is not { } sb || Math.Max(sa, sb) < SharpnessRatio * Math.Min(sa, sb))
        {
            return null;
        }

        var (sharper, softer) = sa > sb ? (a, b) : (b, a);
        return For(a, sharper, string.Create(CultureInfo.InvariantCulture, $"sharper (Laplacian variance {sharper.Sharpness:0} vs {softer.Sharpness:0})"));
    }

    private static Verdict For(PickTraits a, PickTraits winner, string reason) => new(ReferenceEquals(winner, a) ? 1 : -1, reason);

    private static bool IsFormat(PickTraits image, string format) => string.Equals(image.Format, format, StringComparison.OrdinalIgnoreCase);

    private static double? BitsPerPixel(PickTraits image) => image.Pixels > 0 && image.FileSize > 0 ? image.FileSize * 8.0 / image.Pixels : null;

    /// <summary>Megapixels to one decimal, or the exact size where that would not tell the two apart.</summary>
    private static string Size(PickTraits image, PickTraits other) =>
        Math.Round(image.Pixels / 1e6, 1) != Math.Round(other.Pixels / 1e6, 1) || image.Width is null || image.Height is null
            ? string.Create(CultureInfo.InvariantCulture, $"{image.Pixels / 1e6:0.0} MP")
            : $"{image.Width}x{image.Height}";
}

/// <summary>The outcome of comparing two images: which to keep (positive: the first) and the rule that decided it.</summary>
public readonly record struct Verdict(int Order, string Reason);

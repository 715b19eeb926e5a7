using Lumina.Core.Pipeline;

namespace Lumina.Functions.Jobs;

/// <summary>The jobs Lumina runs as durable orchestrations, named as the seed system's recovery plans name them.</summary>
public static class JobTypes
{
    public const string Analyze = "analyze";
    public const string Thumbnails = "thumbnails";
    public const string Hashes = "hashes";
    public const string Quality = "quality";
    public const string Geohash = "geohash";
    public const string DetectDuplicates = "detect-duplicates";
    public const string DetectBursts = "detect-bursts";
    public const string BackfillFlags = "backfill-flags";
    public const string Clip = "clip";
    public const string AutoTag = "auto-tag";
    public const string Rebuild = "rebuild";

    /// <summary>Per-image jobs: each decodes the images that lack its steps (one decode yields every analysis output).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> PerImage { get; } = new Dictionary<string, IReadOnlyDictionary<string, int>>
    {
        [Analyze] = ProcessingSteps.Analysis,
        [Thumbnails] = Steps(ProcessingSteps.Thumbnail, ProcessingSteps.Preview),
        [Hashes] = Steps(ProcessingSteps.Hashes),
        [Quality] = Steps(ProcessingSteps.Quality),
        [Clip] = new Dictionary<string, int> { [ProcessingSteps.Clip] = ProcessingSteps.All[ProcessingSteps.Clip] },
    };

    /// <summary>Catalog-wide jobs: they work on stored metadata, never on pixels.</summary>
    public static IReadOnlyList<string> CatalogWide { get; } = [Geohash, DetectDuplicates, DetectBursts, BackfillFlags, AutoTag];

    /// <summary>Jobs that need a CLIP model (LUMINA_CLIP_MODEL).</summary>
    public static bool NeedsClip(string type) => type is Clip or AutoTag;

    public static IReadOnlyList<string> All { get; } = [.. PerImage.Keys, .. CatalogWide, Rebuild];

    /// <summary>Jobs that replace results wholesale and so back the catalog up first.</summary>
    public static bool Regroups(string type) => type is DetectDuplicates or DetectBursts;

    private static IReadOnlyDictionary<string, int> Steps(params string[] steps) =>
        steps.ToDictionary(s => s, s => ProcessingSteps.Analysis[s]);
}

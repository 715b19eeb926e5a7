namespace Lumina.Functions.Jobs;

/// <summary>
/// What every job orchestration receives. <see cref="Force"/> redoes everything instead of only what is
/// missing (after a backup); the thresholds apply to duplicate and burst detection. <see cref="RetryFailed"/>
/// analyzes again the failures that settled (failed three times with the same file).
/// </summary>
/// <see cref="UseEmbeddings"/> adds CLIP embeddings with a cosine of at least <see cref="EmbeddingSimilarity"/> as a
/// second duplicate signal; <see cref="IncludeClip"/> (set when a rebuild starts) adds the CLIP phases.
/// <see cref="Continued"/> is set only by a per-image job's orchestration when it continues as new: the work so far.
public sealed record JobInput(
    Guid CatalogId,
    bool Force = false,
    int SimilarityThreshold = JobInput.DefaultThreshold,
    double BurstGapSeconds = JobInput.DefaultBurstGap,
    bool UseEmbeddings = false,
    double EmbeddingSimilarity = JobInput.DefaultEmbeddingSimilarity,
    bool IncludeClip = false,
    bool RetryFailed = false,
    ImageJobRun? Continued = null)
{
    public const double DefaultEmbeddingSimilarity = 0.95;
    public const int DefaultThreshold = 5;
    public const double DefaultBurstGap = 2;

    /// <summary>Null when valid, else what is wrong, naming the field as the HTTP API spells it.</summary>
    public string? Problem() => Problem(JobInputNames.Http);

    /// <summary>Null when valid, else what is wrong, naming the field as <paramref name="names"/> spells it.</summary>
    public string? Problem(JobInputNames names) =>
        SimilarityThreshold is < 0 or > 32 ? $"{names.Threshold} must be 0 to 32 bits (got {SimilarityThreshold})"
        : BurstGapSeconds is <= 0 or > 60 || double.IsNaN(BurstGapSeconds) ? $"{names.Gap} must be more than 0 and at most 60 (got {BurstGapSeconds})"
        : EmbeddingSimilarity is < 0.5 or > 1 || double.IsNaN(EmbeddingSimilarity) ? $"{names.EmbeddingSimilarity} must be 0.5 to 1 (got {EmbeddingSimilarity})"
        : null;
}

/// <summary>How a caller spells the tunable fields of a <see cref="JobInput"/>: the HTTP API's JSON names, or the CLI's options.</summary>
public sealed record JobInputNames(string Threshold, string Gap, string EmbeddingSimilarity)
{
    public static readonly JobInputNames Http = new("similarity_threshold", "burst_gap_seconds", "embedding_similarity");
}

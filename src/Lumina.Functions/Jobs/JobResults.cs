namespace Lumina.Functions.Jobs;

/// <summary>
/// The output of a per-image job. Unchanged includes touched files whose content was the same; Settled counts
/// failures not retried (they failed three times with the same file); Moved, files found at a new path that
/// kept their image. MarkedRemoved counts originals gone for good (not the ones that moved).
/// </summary>
public sealed record ImageJobResult(int Found, int Unchanged, int Analyzed, int Failed, int MarkedRemoved, string? Backup, int Settled = 0, int Moved = 0);

/// <summary>
/// The output of a catalog-wide job: what it found or changed, in words and numbers. Ran is false when its
/// inputs had not changed since it last ran, so it changed nothing and wrote no backup.
/// </summary>
public sealed record CatalogJobResult(string Summary, IReadOnlyDictionary<string, long> Counts, string? Backup, bool Ran = true);

/// <summary>The output of a rebuild: every phase's result and the health recommendations left.</summary>
public sealed record RebuildResult(IReadOnlyList<PhaseState> Phases, int RecommendationsLeft, string HealthSummary);

namespace Lumina.Functions.Jobs;

/// <summary>The output of a per-image job.</summary>
public sealed record ImageJobResult(int Found, int Unchanged, int Analyzed, int Failed, int MarkedRemoved, string? Backup);

/// <summary>The output of a catalog-wide job: what it found or changed, in words and numbers.</summary>
public sealed record CatalogJobResult(string Summary, IReadOnlyDictionary<string, long> Counts, string? Backup);

/// <summary>The output of a rebuild: every phase's result and the health recommendations left.</summary>
public sealed record RebuildResult(IReadOnlyList<PhaseState> Phases, int RecommendationsLeft, string HealthSummary);

using Lumina.Storage.Catalog;
using Lumina.Storage.Catalog.Health;

namespace Lumina.Functions.Health;

/// <summary>
/// A catalog's health: what is there, what is missing, and the jobs that fix it, in order. ScannedAt is when
/// its originals were last listed (null: never); Unfinished lists its jobs that have not finished.
/// </summary>
public sealed record HealthReport(
    string Catalog,
    Guid CatalogId,
    DateTimeOffset GeneratedAt,
    DateTimeOffset? ScannedAt,
    long Images,
    long Removed,
    IReadOnlyList<CoverageLine> Coverage,
    IReadOnlyList<FlagLine> Flags,
    IReadOnlyList<PhaseRun> Phases,
    bool ClipConfigured,
    IReadOnlyList<GroupRows> DuplicateGroups,
    IReadOnlyList<GroupRows> Bursts,
    IReadOnlyList<FailedImage> Failures,
    IReadOnlyList<PoisonBlob> PoisonUploads,
    IReadOnlyList<PendingBlob> StalledUploads,
    IReadOnlyList<UnfinishedJob> Unfinished,
    IReadOnlyList<Recommendation> Recommendations)
{
    /// <summary>No original of the catalog has ever been listed.</summary>
    public bool NeverScanned => ScannedAt is null && Images == 0 && Removed == 0;
}

/// <summary>A job of the catalog that has not finished: pending (no host has taken it) or running (or interrupted with its host).</summary>
public sealed record UnfinishedJob(string Id, string Type, string Status, DateTime CreatedAt, string? Phase);

/// <summary>How many images (of <see cref="Of"/>) have one kind of metadata.</summary>
public sealed record CoverageLine(string Metadata, long Count, long Of)
{
    public double Percent => Of == 0 ? 100 : Math.Round(100.0 * Count / Of, 1);
}

/// <summary>A processing step's flags over the present images.</summary>
public sealed record FlagLine(string Step, int Version, long Current, long Outdated, long Missing);

/// <summary>A job to run, why, and the exact command.</summary>
public sealed record Recommendation(int Priority, string Job, string Reason, string Command);

namespace Lumina.Storage.Catalog.Health;

/// <summary>Everything the health report reads from a catalog, straight from the tables.</summary>
public sealed record HealthData(
    HealthCounts Counts,
    IReadOnlyList<StepCounts> Steps,
    IReadOnlyList<PhaseRun> Phases,
    IReadOnlyList<GroupRows> DuplicateGroups,
    IReadOnlyList<GroupRows> Bursts,
    IReadOnlyList<FailedImage> Failures);

/// <summary>How many present images have each kind of metadata; when the originals were last listed (null: never).</summary>
public sealed record HealthCounts(
    long Images, long Removed, long Dated, long ExifDated, long Hashed, long Thumbnails, long Previews, long Scored,
    long Located, long Geohashed, long Failed, long Embedded, long Tagged, DateTimeOffset? LastChange, DateTimeOffset? ScannedAt);

/// <summary>A processing step's flags: images at the current version and at an older one.</summary>
public sealed record StepCounts(string Step, int Version, long Current, long Outdated);

/// <summary>The last run of a catalog-wide phase and the images that changed since.</summary>
public sealed record PhaseRun(string Phase, int Version, DateTimeOffset CompletedAt, long ChangedSince);

/// <summary>A duplicate group or burst: its members' paths in order, the best one first for groups.</summary>
public sealed record GroupRows(long Id, string? Label, IReadOnlyList<GroupMember> Members);

/// <summary>
/// One image of a group; Distance is the hash distance to the best image (null for bursts). BestReason: in a
/// duplicate group, why the best image is kept rather than this one (the best's own: rather than the
/// runner-up); in a burst, on the best frame only, why it was chosen.
/// </summary>
public sealed record GroupMember(string Path, bool Best, int? Distance, bool ExactCopy, string? BestReason);

/// <summary>An image whose last analysis failed; a settled one is not retried until its file changes or a retry is asked for.</summary>
public sealed record FailedImage(string Path, string Error, int Attempts, DateTimeOffset? At)
{
    public bool Settled => Attempts >= Core.Pipeline.IncrementalPlan.SettleAfter;
}

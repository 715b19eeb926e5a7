namespace Lumina.Core.Pipeline;

/// <summary>
/// An original as a listing of its folder or container shows it. <see cref="HashFirst"/> marks a file whose
/// content the catalog may already hold (a touched file, or one that moved): it is hashed before it is
/// decoded, and not decoded when the catalog's image of that content needs nothing.
/// </summary>
public sealed record OriginalFile(string Path, long Size, DateTimeOffset Modified, string? ETag, bool HashFirst = false);

/// <summary>
/// What the catalog holds of one image: the file it last saw, what is still to do, how many analyses in a
/// row failed, and whether its content's SHA-256 is known.
/// </summary>
public sealed record StoredImage(
    long Id, string Path, long Size, DateTimeOffset Modified, string? ETag, bool Removed, string? Error, IReadOnlyList<string> MissingSteps,
    int FailedAttempts = 0, bool Hashed = false)
{
    /// <summary>
    /// Whether the image needs analyzing although its file did not change: a failure not yet settled (or any
    /// failure when <paramref name="retryFailed"/>), or a step missing at its current version.
    /// </summary>
    public bool NeedsAnalysis(bool retryFailed) =>
        Error is not null ? retryFailed || FailedAttempts < IncrementalPlan.SettleAfter : MissingSteps.Count > 0;

    /// <summary>A failure that is not retried until the file changes or a retry is asked for.</summary>
    public bool Settled(bool retryFailed) => Error is not null && !NeedsAnalysis(retryFailed);
}

/// <summary>
/// Which originals an incremental run analyzes: new ones, changed ones (size, modification time or ETag
/// differ), failed ones that have not failed <see cref="SettleAfter"/> times, and ones missing a step at its
/// current version; all of them when <c>redoAll</c>. A file whose size is unchanged while its time or ETag
/// moved, and a new file of the size of a missing image, are hashed first (<see cref="OriginalFile.HashFirst"/>).
/// Images whose originals are gone are reported, not analyzed.
/// </summary>
public sealed record IncrementalPlan(IReadOnlyList<OriginalFile> ToAnalyze, int Unchanged, int Settled, IReadOnlyList<string> Vanished)
{
    /// <summary>Failed analyses of the same content after which a file is settled as failed.</summary>
    public const int SettleAfter = 3;

    public static IncrementalPlan Build(IEnumerable<OriginalFile> files, IEnumerable<StoredImage> stored, bool redoAll, bool retryFailed = false)
    {
        var listed = files.ToList();
        var known = stored.ToDictionary(s => s.Path, StringComparer.Ordinal);
        var seen = listed.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var missingSizes = known.Values.Where(s => s.Hashed && (s.Removed || !seen.Contains(s.Path))).Select(s => s.Size).ToHashSet();
        var toAnalyze = new List<OriginalFile>();
        int unchanged = 0, settled = 0;
        foreach (var file in listed)
        {
            if (redoAll)
            {
                toAnalyze.Add(file);
            }
            else if (!known.TryGetValue(file.Path, out var image))
            {
                toAnalyze.Add(file with { HashFirst = missingSizes.Contains(file.Size) });
            }
            else if (!image.Removed && SameFile(file, image))
            {
                if (image.NeedsAnalysis(retryFailed))
                {
                    toAnalyze.Add(file);
                }
                else if (image.Settled(retryFailed))
                {
                    settled++;
                }
                else
                {
                    unchanged++;
                }
            }
            else
            {
                toAnalyze.Add(file with { HashFirst = image.Hashed && file.Size == image.Size && !image.NeedsAnalysis(retryFailed) });
            }
        }

        var vanished = known.Values.Where(s => !s.Removed && !seen.Contains(s.Path)).Select(s => s.Path).Order(StringComparer.Ordinal).ToList();
        return new IncrementalPlan(toAnalyze, unchanged, settled, vanished);
    }

    private static bool SameFile(OriginalFile file, StoredImage image) =>
        file.Size == image.Size && SameMicrosecond(file.Modified, image.Modified)
        && !(file.ETag is not null && image.ETag is not null && file.ETag != image.ETag);

    // PostgreSQL rounds timestamps to the microsecond; file systems keep 100 ns ticks.
    private static bool SameMicrosecond(DateTimeOffset a, DateTimeOffset b) => Math.Abs(a.UtcTicks - b.UtcTicks) <= 5;
}

namespace Lumina.Core.Pipeline;

/// <summary>An original as a listing of its folder or container shows it.</summary>
public sealed record OriginalFile(string Path, long Size, DateTimeOffset Modified, string? ETag);

/// <summary>What the catalog holds of one image: the file it last saw and what is still to do.</summary>
public sealed record StoredImage(
    long Id, string Path, long Size, DateTimeOffset Modified, string? ETag, bool Removed, string? Error, IReadOnlyList<string> MissingSteps);

/// <summary>
/// Which originals an incremental run analyzes: new ones, changed ones (size, modification time or
/// ETag differ), failed ones, and ones missing a step at its current version; all of them when
/// <c>redoAll</c>. Images whose originals are gone are reported, not analyzed.
/// </summary>
public sealed record IncrementalPlan(IReadOnlyList<OriginalFile> ToAnalyze, int Unchanged, IReadOnlyList<string> Vanished)
{
    public static IncrementalPlan Build(IEnumerable<OriginalFile> files, IEnumerable<StoredImage> stored, bool redoAll)
    {
        var known = stored.ToDictionary(s => s.Path, StringComparer.Ordinal);
        var toAnalyze = new List<OriginalFile>();
        var unchanged = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            seen.Add(file.Path);
            if (redoAll || !known.TryGetValue(file.Path, out var image) || NeedsWork(file, image))
            {
                toAnalyze.Add(file);
            }
            else
            {
                unchanged++;
            }
        }

        var vanished = known.Values.Where(s => !s.Removed && !seen.Contains(s.Path)).Select(s => s.Path).Order(StringComparer.Ordinal).ToList();
        return new IncrementalPlan(toAnalyze, unchanged, vanished);
    }

    private static bool NeedsWork(OriginalFile file, StoredImage image) =>
        image.Removed || image.Error is not null || image.MissingSteps.Count > 0 || file.Size != image.Size
        || !SameMicrosecond(file.Modified, image.Modified)
        || (file.ETag is not null && image.ETag is not null && file.ETag != image.ETag);

    // PostgreSQL rounds timestamps to the microsecond; file systems keep 100 ns ticks.
    private static bool SameMicrosecond(DateTimeOffset a, DateTimeOffset b) => Math.Abs(a.UtcTicks - b.UtcTicks) <= 5;
}

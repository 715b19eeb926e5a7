using Lumina.Core.Collections;
using Lumina.Core.Geo;

namespace Lumina.Core.Bursts;

/// <summary>
/// Finds bursts: runs of two or more shots from one camera whose consecutive capture times are at most
/// <see cref="BurstOptions.MaxGap"/> apart, from stored metadata alone, by one sort and one pass.
/// </summary>
/// <remarks>
/// Rules, for consecutive shots of one camera in capture-time order:
/// <list type="bullet">
/// <item>Both have a BurstUuid: they belong together exactly when the UUIDs are equal. Shots sharing a
/// BurstUuid come from one press of the shutter and form one burst however far apart they are, even with
/// another shot between them.</item>
/// <item>Otherwise a gap over MaxGap splits them.</item>
/// <item>Both have a frame counter above 0 and it does not go up: the camera started a new continuous-drive
/// sequence, another press of the shutter, so they split. A counter that goes up joins nothing the gap
/// would split: frames deleted from a sequence make a rise over a long gap weak evidence.</item>
/// <item>With <see cref="BurstOptions.SplitOnPlace"/>, both have geohashes, compared at the shorter length,
/// that are neither equal nor adjacent: different places, so they split.</item>
/// </list>
/// Images without a camera or a capture time are in no burst. Shots with equal times are ordered by frame
/// counter, then id.
/// </remarks>
public static class BurstDetector
{
    /// <summary>
    /// The bursts among <paramref name="candidates"/>, ordered by first capture time then first id; the
    /// answer depends only on the set of candidates, not on their order.
    /// </summary>
    public static IReadOnlyList<Burst> FindBursts(IEnumerable<BurstCandidate> candidates, BurstOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        options ??= new BurstOptions();
        var images = Validated(candidates);
        var shots = ShotsInTimeOrder(images);
        var sets = new UnionFind(shots.Length);
        var firstWithUuid = new Dictionary<(int Camera, string Uuid), int>();
        for (var i = 0; i < shots.Length; i++)
        {
            var current = images[shots[i].Image];
            if (i > 0 && shots[i].Camera == shots[i - 1].Camera
                && Linked(images[shots[i - 1].Image], current, shots[i].Ticks - shots[i - 1].Ticks, options))
            {
                sets.Union(i - 1, i);
            }

            if (BurstUuid(current) is { } uuid && !firstWithUuid.TryAdd((shots[i].Camera, uuid), i))
            {
                sets.Union(firstWithUuid[(shots[i].Camera, uuid)], i);
            }
        }

        return [.. sets.Sets(minimumSize: 2)
            .OrderBy(members => shots[members[0]].Ticks).ThenBy(members => shots[members[0]].Id)
            .Select(members => ToBurst(images, shots, members))];
    }

    private static bool Linked(BurstCandidate previous, BurstCandidate current, long gapTicks, BurstOptions options)
    {
        if (BurstUuid(previous) is { } previousUuid && BurstUuid(current) is { } currentUuid)
        {
            return string.Equals(previousUuid, currentUuid, StringComparison.Ordinal);
        }

        if (gapTicks > options.MaxGap.Ticks)
        {
            return false;
        }

        if (previous.SequenceNumber > 0 && current.SequenceNumber > 0 && current.SequenceNumber <= previous.SequenceNumber)
        {
            return false;
        }

        return !options.SplitOnPlace || previous.Geohash is not { } previousPlace || current.Geohash is not { } currentPlace
            || SamePlace(previousPlace, currentPlace);
    }

    /// <summary>A blank BurstUuid, as some readers give for an empty tag, is no marker.</summary>
    private static string? BurstUuid(BurstCandidate image) => string.IsNullOrWhiteSpace(image.BurstUuid) ? null : image.BurstUuid;

    private static bool SamePlace(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        var (cellA, cellB) = (a[..length], b[..length]);
        return cellA == cellB || Geohash.AreNeighbors(cellA, cellB);
    }

    /// <summary>A shot in sort order: camera rank (ordinal order of camera names), time, frame counter, id.</summary>
    private readonly record struct Shot(int Camera, long Ticks, int Sequence, long Id, int Image) : IComparable<Shot>
    {
        public int CompareTo(Shot other)
        {
            var order = Camera.CompareTo(other.Camera);
            order = order != 0 ? order : Ticks.CompareTo(other.Ticks);
            order = order != 0 ? order : Sequence.CompareTo(other.Sequence);
            return order != 0 ? order : Id.CompareTo(other.Id);
        }
    }

    private static Shot[] ShotsInTimeOrder(BurstCandidate[] images)
    {
        var eligible = Enumerable.Range(0, images.Length)
            .Where(i => !string.IsNullOrWhiteSpace(images[i].Camera) && images[i].CaptureTime is not null)
            .ToArray();
        var cameras = eligible.Select(i => images[i].Camera!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select((camera, rank) => (camera, rank)).ToDictionary(x => x.camera, x => x.rank, StringComparer.Ordinal);
        var shots = eligible.Select(i => new Shot(
            cameras[images[i].Camera!], images[i].CaptureTime!.Value.Ticks, images[i].SequenceNumber ?? 0, images[i].Id, i)).ToArray();
        Array.Sort(shots);
        return shots;
    }

    private static Burst ToBurst(BurstCandidate[] images, Shot[] shots, int[] members)
    {
        // Members are in sort order, so the first of equal quality is the earliest.
        var best = members[0];
        foreach (var member in members)
        {
            if ((images[shots[member].Image].Quality ?? double.NegativeInfinity) > (images[shots[best].Image].Quality ?? double.NegativeInfinity))
            {
                best = member;
            }
        }

        return new Burst(shots[best].Id, [.. members.Select(member => shots[member].Id)]);
    }

    private static BurstCandidate[] Validated(IEnumerable<BurstCandidate> candidates)
    {
        var images = candidates.ToArray();
        var ids = new HashSet<long>(images.Length);
        foreach (var image in images)
        {
            ArgumentNullException.ThrowIfNull(image, nameof(candidates));
            if (!ids.Add(image.Id))
            {
                throw new ArgumentException($"Image {image.Id} appears twice; each image is one candidate.", nameof(candidates));
            }

            if (image.Quality is { } quality && !double.IsFinite(quality))
            {
                throw new ArgumentException($"Image {image.Id} has quality {quality}; a quality score is a finite number.", nameof(candidates));
            }

            if (image.Geohash is { } geohash && !Geohash.IsValid(geohash))
            {
                throw new ArgumentException($"Image {image.Id} has geohash '{geohash}'; a geohash is 1 to {Geohash.MaxPrecision} lowercase geohash characters.", nameof(candidates));
            }
        }

        return images;
    }
}

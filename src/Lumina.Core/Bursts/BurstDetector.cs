using Lumina.Core.Collections;
using Lumina.Core.Geo;
using Lumina.Core.Picks;

namespace Lumina.Core.Bursts;

/// <summary>
/// Finds bursts: runs of two or more shots from one camera whose consecutive capture times are at most
/// <see cref="BurstOptions.MaxGap"/> apart, from stored metadata alone, by one sort and one pass.
/// </summary>
/// <remarks>
/// Each camera's shots, in capture-time order, extend chains: a shot joins the most recent chain whose last
/// shot it links to and whose place (its last known geohash) is the shot's, else starts a chain. A frame
/// from a place kilometres away (a second body of the same model, a clock clash) therefore starts its own
/// chain and leaves the burst it interrupts whole, and shots alternating between two places make two bursts.
/// Rules, for a shot and the last shot of a chain:
/// <list type="bullet">
/// <item>Both have a BurstUuid: they belong together exactly when the UUIDs are equal. Shots sharing a
/// BurstUuid come from one press of the shutter and form one burst however far apart they are, even with
/// another shot between them.</item>
/// <item>Otherwise a gap over MaxGap splits them.</item>
/// <item>Both have a frame counter above 0 and it does not go up: the camera started a new continuous-drive
/// sequence, another press of the shutter, so they split. A counter that goes up joins nothing the gap
/// would split: frames deleted from a sequence make a rise over a long gap weak evidence.</item>
/// <item>With <see cref="BurstOptions.SplitOnPlace"/>, the shot's geohash and the chain's place, compared at
/// the shorter length, are neither equal nor adjacent: different places, so they do not join.</item>
/// </list>
/// Images without a camera or a capture time are in no burst. Shots with equal times are ordered by frame
/// counter, then id. The best frame is chosen by <see cref="BestPick.CompareFrames"/>, the earliest of equals.
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
        var chains = new List<Chain>();
        for (var i = 0; i < shots.Length; i++)
        {
            var current = images[shots[i].Image];
            if (i == 0 || shots[i].Camera != shots[i - 1].Camera)
            {
                chains.Clear();
            }

            // Frames sharing a BurstUuid join through firstWithUuid whatever the gap, so a chain can close once its gap has passed.
            chains.RemoveAll(chain => shots[i].Ticks - shots[chain.Last].Ticks > options.MaxGap.Ticks);
            var joined = -1;
            for (var c = 0; c < chains.Count; c++)
            {
                var last = shots[chains[c].Last];
                if ((joined < 0 || Preferred(chains[c], chains[joined], current.Geohash is null))
                    && Linked(images[last.Image], current, shots[i].Ticks - last.Ticks, options)
                    && (!options.SplitOnPlace || chains[c].Place is not { } place || current.Geohash is not { } here || SamePlace(place, here)))
                {
                    joined = c;
                }
            }

            if (joined >= 0)
            {
                sets.Union(chains[joined].Last, i);
                chains[joined] = chains[joined] with { Last = i, Place = NewerPlace(chains[joined].Place, current.Geohash), Size = chains[joined].Size + 1 };
            }
            else
            {
                chains.Add(new Chain(i, i, current.Geohash, 1));
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

    /// <summary>An open chain of one camera's shots: its first and last shots (indices into the sorted shots), its last known geohash, its length.</summary>
    private readonly record struct Chain(int First, int Last, string? Place, int Size);

    /// <summary>
    /// A shot joins the most recent chain it fits. One without a place fits every chain and joins the
    /// longest, then the oldest: a frame from elsewhere interrupting a burst is the exception.
    /// </summary>
    private static bool Preferred(Chain candidate, Chain chosen, bool placeUnknown) =>
        !placeUnknown ? candidate.Last > chosen.Last
        : candidate.Size != chosen.Size ? candidate.Size > chosen.Size
        : candidate.First < chosen.First;

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

        return !(previous.SequenceNumber > 0 && current.SequenceNumber > 0 && current.SequenceNumber <= previous.SequenceNumber);
    }

    /// <summary>A chain's place follows its shots as they move, but a shorter (coarser) geohash does not replace a finer one.</summary>
    private static string? NewerPlace(string? place, string? here) => here is not null && (place is null || here.Length >= place.Length) ? here : place;

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
        // Members are in sort order, so the first of equals is the earliest.
        var best = Best(members);
        var runnerUp = Best([.. members.Where(m => m != best)]);
        var verdict = BestPick.CompareFrames(Traits(best), Traits(runnerUp));
        var reason = verdict.Order > 0 ? verdict.Reason : $"{verdict.Reason}; the earliest is shown";
        return new Burst(shots[best].Id, [.. members.Select(member => shots[member].Id)], reason);

        int Best(int[] frames)
        {
            var best = frames[0];
            foreach (var frame in frames.AsSpan(1))
            {
                if (BestPick.CompareFrames(Traits(frame), Traits(best)).Order > 0)
                {
                    best = frame;
                }
            }

            return best;
        }

        PickTraits Traits(int member) => images[shots[member].Image].Traits;
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

            ArgumentNullException.ThrowIfNull(image.Traits, nameof(candidates));
            if (image.Traits.Quality is { } quality && !double.IsFinite(quality))
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

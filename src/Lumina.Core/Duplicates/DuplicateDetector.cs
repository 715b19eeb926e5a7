using Lumina.Core.Collections;
using Lumina.Core.Hashing;

namespace Lumina.Core.Duplicates;

/// <summary>
/// Groups exact copies (same SHA-256) and near duplicates (variant-aware dHash distance within a threshold)
/// across a catalog, from stored hashes alone, through a <see cref="HammingIndex"/> rather than by comparing
/// every pair. Two images are near duplicates when one's dHash lies within the threshold of the other's dHash
/// or of one of its views (<see cref="DifferenceVariants"/>, <see cref="CropHashes"/>); groups are the
/// connected sets of both relations.
/// </summary>
public static class DuplicateDetector
{
    /// <summary>Differing dHash bits that still make a near duplicate; on the labelled corpus it gave precision 1.000 and recall 0.956.</summary>
    public const int DefaultThreshold = 5;

    /// <summary>
    /// Bits within which the whole images' aHash, pHash or wHash must agree to confirm a match found only
    /// through a crop: copies of corpus photos cut by up to 8 % at a corner differ by at most 14 on the nearest
    /// of the three, low-detail strangers whose crops collide by 15 or more.
    /// </summary>
    public const int CropConfirmation = 14;

    /// <summary>Half of the 64 bits, what unrelated images differ by on average.</summary>
    public const int MaxThreshold = 32;

    /// <summary>
    /// The duplicate groups among <paramref name="candidates"/>, ordered by best id; images alone are in no
    /// group. The answer depends only on the set of candidates, not on their order.
    /// </summary>
    /// <param name="alsoLinked">
    /// Pairs of image ids known by another signal to be the same picture (CLIP embeddings of crops and
    /// rotations that defeat the hashes); ids that are not candidates are ignored.
    /// </param>
    public static IReadOnlyList<DuplicateGroup> FindGroups(
        IEnumerable<DuplicateCandidate> candidates, int threshold = DefaultThreshold, IEnumerable<(long First, long Second)>? alsoLinked = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (threshold is < 0 or > MaxThreshold)
        {
            throw new ArgumentOutOfRangeException(
                nameof(threshold), threshold, $"The dHash threshold counts differing bits and must be 0 to {MaxThreshold} (default {DefaultThreshold}).");
        }

        var images = SortedById(candidates);
        var sets = new UnionFind(images.Length);
        var hashSource = JoinExactCopies(images, sets);
        JoinNearDuplicates(images, threshold, sets);
        JoinLinked(images, alsoLinked ?? [], sets);
        return [.. sets.Sets(minimumSize: 2).Select(members => DuplicateGroupBuilder.Build(images, hashSource, members)).OrderBy(group => group.BestId)];
    }

    private static void JoinLinked(DuplicateCandidate[] images, IEnumerable<(long First, long Second)> pairs, UnionFind sets)
    {
        var index = new Dictionary<long, int>(images.Length);
        for (var i = 0; i < images.Length; i++)
        {
            index[images[i].Id] = i;
        }

        foreach (var (first, second) in pairs)
        {
            if (index.TryGetValue(first, out var a) && index.TryGetValue(second, out var b))
            {
                sets.Union(a, b);
            }
        }
    }

    private static DuplicateCandidate[] SortedById(IEnumerable<DuplicateCandidate> candidates)
    {
        var images = candidates.ToArray();
        foreach (var image in images)
        {
            ArgumentNullException.ThrowIfNull(image, nameof(candidates));
            if (image.Sha256 is { Length: not 32 } sha)
            {
                throw new ArgumentException($"Image {image.Id} has a SHA-256 of {sha.Length} bytes; a SHA-256 has 32.", nameof(candidates));
            }

            ArgumentNullException.ThrowIfNull(image.Traits, nameof(candidates));
            if (image.Traits.Quality is { } quality && !double.IsFinite(quality))
            {
                throw new ArgumentException($"Image {image.Id} has quality {quality}; a quality score is a finite number.", nameof(candidates));
            }
        }

        Array.Sort(images, (a, b) => a.Id.CompareTo(b.Id));
        for (var i = 1; i < images.Length; i++)
        {
            if (images[i].Id == images[i - 1].Id)
            {
                throw new ArgumentException($"Image {images[i].Id} appears twice; each image is one candidate.", nameof(candidates));
            }
        }

        return images;
    }

    /// <summary>
    /// Joins images with one SHA-256 and returns, for each image, the image whose dHash stands for it: its
    /// own, else an exact copy's (byte-identical files hash alike), else -1.
    /// </summary>
    private static int[] JoinExactCopies(DuplicateCandidate[] images, UnionFind sets)
    {
        var firstBySha = new Dictionary<byte[], int>(Sha256Comparer.Instance);
        for (var i = 0; i < images.Length; i++)
        {
            if (images[i].Sha256 is not { } sha)
            {
                continue;
            }

            if (!firstBySha.TryGetValue(sha, out var first))
            {
                firstBySha[sha] = i;
                continue;
            }

            sets.Union(first, i);
            if (images[first].DHash is null && images[i].DHash is not null)
            {
                firstBySha[sha] = i;
            }
        }

        var hashSource = new int[images.Length];
        for (var i = 0; i < images.Length; i++)
        {
            hashSource[i] = images[i].DHash is not null ? i
                : images[i].Sha256 is { } sha && images[firstBySha[sha]].DHash is not null ? firstBySha[sha]
                : -1;
        }

        return hashSource;
    }

    /// <summary>
    /// Queries every dHash and variant against an index of the distinct dHashes, each under one of its images
    /// (the others find it with their own dHash), and joins each asker with what it finds. The index holds each
    /// hash once, so a crowd of identical blank hashes costs its size, not its square.
    /// </summary>
    private static void JoinNearDuplicates(DuplicateCandidate[] images, int threshold, UnionFind sets)
    {
        var hashed = Enumerable.Range(0, images.Length).Where(i => images[i].DHash is not null).ToArray();
        var primaries = hashed.Select(i => images[i].DHash!.Value).ToArray();
        Array.Sort(primaries, hashed);
        var (distinct, firstOf) = Runs(primaries);
        var index = new HammingIndex([.. firstOf[..^1].Select(i => (long)hashed[i])], distinct);

        var views = Queries(images, hashed, image => image.Variants is { } variants ? [image.DHash!.Value, variants.Mirrored, variants.Cropped, variants.CroppedMirrored] : [image.DHash!.Value]);
        index.SearchAll(views.Hashes, threshold, (query, match) => sets.Union(views.Askers[query], (int)match.Id));

        // Crops of low-detail pictures (a bright subject centred on black) collide with other such pictures,
        // so a match found only through a crop needs the whole images' other hashes to agree as well.
        var crops = Queries(images, hashed, image => image.Crops ?? []);
        index.SearchAll(crops.Hashes, threshold, (query, match) =>
        {
            var (asker, found) = (crops.Askers[query], (int)match.Id);
            if (Confirmed(images[asker], images[found]))
            {
                sets.Union(asker, found);
            }
        });
    }

    /// <summary>Whether two whole images agree on aHash, pHash or wHash within <see cref="CropConfirmation"/> bits.</summary>
    private static bool Confirmed(DuplicateCandidate a, DuplicateCandidate b) =>
        a.Confirming is { } first && b.Confirming is { } second
        && Math.Min(ImageHashes.Distance(first.Average, second.Average), Math.Min(ImageHashes.Distance(first.Perceptual, second.Perceptual), ImageHashes.Distance(first.Wavelet, second.Wavelet)))
            <= CropConfirmation;

    /// <summary>The distinct values of sorted <paramref name="values"/>, and where each one's run starts (with the end last).</summary>
    private static (ulong[] Distinct, int[] Start) Runs(ulong[] values)
    {
        var distinct = new List<ulong>();
        var start = new List<int>();
        for (var i = 0; i < values.Length; i++)
        {
            if (i == 0 || values[i] != values[i - 1])
            {
                distinct.Add(values[i]);
                start.Add(i);
            }
        }

        start.Add(values.Length);
        return ([.. distinct], [.. start]);
    }

    /// <summary>The hashes the images ask with, and which image asks each.</summary>
    private static (ulong[] Hashes, int[] Askers) Queries(DuplicateCandidate[] images, int[] hashed, Func<DuplicateCandidate, IReadOnlyList<ulong>> asked)
    {
        var count = 0;
        foreach (var i in hashed)
        {
            count += asked(images[i]).Count;
        }

        var queries = new ulong[count];
        var askers = new int[count];
        var next = 0;
        foreach (var i in hashed)
        {
            foreach (var hash in asked(images[i]))
            {
                queries[next] = hash;
                askers[next++] = i;
            }
        }

        return (queries, askers);
    }
}

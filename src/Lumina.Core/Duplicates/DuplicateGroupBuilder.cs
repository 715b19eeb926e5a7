using Lumina.Core.Hashing;

namespace Lumina.Core.Duplicates;

/// <summary>Picks a duplicate group's best image and measures every member against it.</summary>
internal static class DuplicateGroupBuilder
{
    /// <param name="images">All candidates, sorted by id.</param>
    /// <param name="hashSource">For each image, the image whose dHash stands for it.</param>
    /// <param name="members">The group's images, as indices into <paramref name="images"/>.</param>
    public static DuplicateGroup Build(DuplicateCandidate[] images, int[] hashSource, int[] members)
    {
        var best = members[0];
        foreach (var member in members)
        {
            if (IsBetter(images[member], images[best]))
            {
                best = member;
            }
        }

        var bestImage = images[best];
        var listed = members.Select(member =>
        {
            var image = images[member];
            var exactCopy = member != best && image.Sha256 is { } sha && bestImage.Sha256 is { } bestSha && sha.AsSpan().SequenceEqual(bestSha);

            // An image with no dHash, of its own or through an exact copy, can only have joined its exact
            // copies, so its group is one set of identical files: outside such groups every image has a dHash.
            var distance = member == best || exactCopy ? 0 : VariantDistance(images[hashSource[member]], images[hashSource[best]]);
            return new DuplicateMember(image.Id, distance, exactCopy);
        });
        return new DuplicateGroup(bestImage.Id, [.. listed.OrderBy(m => m.Id != bestImage.Id).ThenBy(m => m.Distance).ThenBy(m => m.Id)]);
    }

    /// <summary>Highest quality (unknown lowest), then most pixels, then largest file, then lowest id.</summary>
    private static bool IsBetter(DuplicateCandidate a, DuplicateCandidate b)
    {
        var quality = (a.Quality ?? double.NegativeInfinity).CompareTo(b.Quality ?? double.NegativeInfinity);
        if (quality != 0)
        {
            return quality > 0;
        }

        var pixels = Pixels(a).CompareTo(Pixels(b));
        if (pixels != 0)
        {
            return pixels > 0;
        }

        return a.FileSize != b.FileSize ? a.FileSize > b.FileSize : a.Id < b.Id;
    }

    private static long Pixels(DuplicateCandidate image) => (long)(image.Width ?? 0) * (image.Height ?? 0);

    /// <summary>The smallest distance between one image's dHash and the other's dHash or variants, either way round.</summary>
    private static int VariantDistance(DuplicateCandidate a, DuplicateCandidate b)
    {
        var first = a.DHash!.Value;
        var second = b.DHash!.Value;
        var distance = ImageHashes.Distance(first, second);
        foreach (var variant in a.Variants?.All ?? [])
        {
            distance = Math.Min(distance, ImageHashes.Distance(variant, second));
        }

        foreach (var variant in b.Variants?.All ?? [])
        {
            distance = Math.Min(distance, ImageHashes.Distance(first, variant));
        }

        return distance;
    }
}

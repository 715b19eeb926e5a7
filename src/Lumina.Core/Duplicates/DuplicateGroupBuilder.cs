using Lumina.Core.Hashing;
using Lumina.Core.Picks;

namespace Lumina.Core.Duplicates;

/// <summary>Picks a duplicate group's best image (<see cref="BestPick"/>) and measures every member against it.</summary>
internal static class DuplicateGroupBuilder
{
    private const string ExactCopyReason = "identical file (same SHA-256)";

    /// <param name="images">All candidates, sorted by id.</param>
    /// <param name="hashSource">For each image, the image whose dHash stands for it.</param>
    /// <param name="members">The group's images, as indices into <paramref name="images"/>, in ascending order.</param>
    public static DuplicateGroup Build(DuplicateCandidate[] images, int[] hashSource, int[] members)
    {
        var best = Best(images, members);
        var bestImage = images[best];
        var runnerUp = Best(images, [.. members.Where(m => m != best)]);
        var listed = members.Select(member =>
        {
            var image = images[member];
            var exactCopy = member != best && SameBytes(image, bestImage);

            // An image with no dHash, of its own or through an exact copy, can only have joined its exact
            // copies, so its group is one set of identical files: outside such groups every image has a dHash.
            var distance = member == best || exactCopy ? 0 : VariantDistance(images[hashSource[member]], images[hashSource[best]]);
            return new DuplicateMember(image.Id, distance, exactCopy, Reason(bestImage, images[member == best ? runnerUp : member]));
        });
        return new DuplicateGroup(bestImage.Id, [.. listed.OrderBy(m => m.Id != bestImage.Id).ThenBy(m => m.Distance).ThenBy(m => m.Id)]);
    }

    /// <summary>The member no other beats; of equals, the lowest id (members are in id order).</summary>
    private static int Best(DuplicateCandidate[] images, int[] members)
    {
        var best = members[0];
        foreach (var member in members.AsSpan(1))
        {
            if (BestPick.Compare(images[member].Traits, images[best].Traits).Order > 0)
            {
                best = member;
            }
        }

        return best;
    }

    private static string Reason(DuplicateCandidate best, DuplicateCandidate other)
    {
        if (SameBytes(best, other))
        {
            return ExactCopyReason;
        }

        // Margins make the rules not quite transitive: a best image chosen through a third can lose to this one directly.
        var verdict = BestPick.Compare(best.Traits, other.Traits);
        return verdict.Order switch
        {
            > 0 => verdict.Reason,
            0 => $"{verdict.Reason}; the first catalogued is kept",
            _ => "it beats another member that beats this one",
        };
    }

    private static bool SameBytes(DuplicateCandidate a, DuplicateCandidate b) =>
        a.Sha256 is { } sha && b.Sha256 is { } otherSha && sha.AsSpan().SequenceEqual(otherSha);

    /// <summary>The smallest distance between one image's dHash and the other's dHash or views, either way round.</summary>
    private static int VariantDistance(DuplicateCandidate a, DuplicateCandidate b)
    {
        var first = a.DHash!.Value;
        var second = b.DHash!.Value;
        var distance = ImageHashes.Distance(first, second);
        foreach (var view in a.Views)
        {
            distance = Math.Min(distance, ImageHashes.Distance(view, second));
        }

        foreach (var view in b.Views)
        {
            distance = Math.Min(distance, ImageHashes.Distance(first, view));
        }

        return distance;
    }
}

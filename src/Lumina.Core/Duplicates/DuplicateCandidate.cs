using Lumina.Core.Hashing;
using Lumina.Core.Picks;

namespace Lumina.Core.Duplicates;

/// <summary>
/// What the duplicate detector reads of one image, all from stored metadata: its SHA-256 (32 bytes), its
/// dHash, the dHashes of its edited views (<see cref="DifferenceVariants"/> and <see cref="CropHashes"/>),
/// what choosing the best image reads, and its other hashes, which confirm matches found through a crop.
/// Missing values are null.
/// </summary>
public sealed record DuplicateCandidate(
    long Id, byte[]? Sha256, ulong? DHash, DifferenceVariants? Variants, IReadOnlyList<ulong>? Crops, PickTraits Traits,
    (ulong Average, ulong Perceptual, ulong Wavelet)? Confirming = null)
{
    /// <summary>The dHashes of every edited view: the variants, then the crops.</summary>
    public IEnumerable<ulong> Views => (Variants?.All ?? []).Concat(Crops ?? []);
}

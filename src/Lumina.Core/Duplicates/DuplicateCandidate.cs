using Lumina.Core.Hashing;

namespace Lumina.Core.Duplicates;

/// <summary>
/// What the duplicate detector reads of one image, all from stored metadata: its SHA-256 (32 bytes), its
/// dHash and the dHashes of its edited views, its quality score, and its size. Missing values are null.
/// </summary>
public sealed record DuplicateCandidate(
    long Id, byte[]? Sha256, ulong? DHash, DifferenceVariants? Variants, double? Quality, int? Width, int? Height, long FileSize);

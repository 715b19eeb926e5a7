namespace Lumina.Core.Hashing;

/// <summary>
/// dHashes of edited views of an image: mirrored left to right, its centre crop (see
/// <see cref="PerceptualHasher.CropFraction"/>), and the crop mirrored. A copy that was flipped or
/// cropped hashes close to one of these.
/// </summary>
public readonly record struct DifferenceVariants(ulong Mirrored, ulong Cropped, ulong CroppedMirrored)
{
    public IEnumerable<ulong> All => [Mirrored, Cropped, CroppedMirrored];
}

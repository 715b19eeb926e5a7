using Lumina.Core.Duplicates;
using Lumina.Core.Hashing;
using Lumina.Core.Picks;

namespace Lumina.Core.Tests;

/// <summary>
/// Synthetic images for the duplicate tests: a scene has a dHash and variants, and its copies hash the way
/// edited copies of a real photo do. A mirrored copy's dHash is near the scene's mirrored variant and its
/// own mirrored variant near the scene's dHash; a cropped copy's dHash is near the scene's cropped variant.
/// </summary>
internal sealed class Scenes(int seed)
{
    private readonly Random _random = new(seed);

    public Random Random => _random;

    public (ulong DHash, DifferenceVariants Variants) NewScene() =>
        (Bits.Random(_random), new DifferenceVariants(Bits.Random(_random), Bits.Random(_random), Bits.Random(_random)));

    public DuplicateCandidate Original(long id, (ulong DHash, DifferenceVariants Variants) scene) =>
        Image(id, scene.DHash, scene.Variants);

    public DuplicateCandidate Noisy(long id, (ulong DHash, DifferenceVariants Variants) scene, int bits) =>
        Image(id, Near(scene.DHash, bits), new(Near(scene.Variants.Mirrored, bits), Near(scene.Variants.Cropped, bits), Near(scene.Variants.CroppedMirrored, bits)));

    public DuplicateCandidate Mirrored(long id, (ulong DHash, DifferenceVariants Variants) scene, int bits) =>
        Image(id, Near(scene.Variants.Mirrored, bits), new(Near(scene.DHash, bits), Near(scene.Variants.CroppedMirrored, bits), Near(scene.Variants.Cropped, bits)));

    public DuplicateCandidate Cropped(long id, (ulong DHash, DifferenceVariants Variants) scene, int bits) =>
        Image(id, Near(scene.Variants.Cropped, bits), new(Near(scene.Variants.CroppedMirrored, bits), Bits.Random(_random), Bits.Random(_random)));

    public DuplicateCandidate CroppedMirrored(long id, (ulong DHash, DifferenceVariants Variants) scene, int bits) =>
        Image(id, Near(scene.Variants.CroppedMirrored, bits), new(Near(scene.Variants.Cropped, bits), Bits.Random(_random), Bits.Random(_random)));

    public DuplicateCandidate Unrelated(long id) => Original(id, NewScene());

    public static DuplicateCandidate Image(long id, ulong? dHash, DifferenceVariants? variants, byte[]? sha = null) =>
        new(id, sha, dHash, variants, Crops: null, PickTraits.Unknown with { FileSize = 1000 });

    public byte[] Sha()
    {
        var sha = new byte[32];
        _random.NextBytes(sha);
        return sha;
    }

    private ulong Near(ulong hash, int bits) => Bits.Flip(_random, hash, bits);
}

namespace Lumina.Core.Hashing;

/// <summary>The four 64-bit perceptual hashes of one image (bit 63 is the top-left cell).</summary>
public readonly record struct ImageHashes(ulong Average, ulong Difference, ulong Perceptual, ulong Wavelet)
{
    /// <summary>
    /// Algorithm version stored with the hashes; bump it when any hash or variant changes. 2: imagehash's
    /// definitions (Pillow's luma and LANCZOS resize, unnormalised DCT) and the edge and corner crop hashes;
    /// 1 used Rec. 709 luma and area averaging.
    /// </summary>
    public const int Version = 2;

    public static int Distance(ulong a, ulong b) => System.Numerics.BitOperations.PopCount(a ^ b);
}

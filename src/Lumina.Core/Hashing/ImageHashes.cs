namespace Lumina.Core.Hashing;

/// <summary>The four 64-bit perceptual hashes of one image (bit 63 is the top-left cell).</summary>
public readonly record struct ImageHashes(ulong Average, ulong Difference, ulong Perceptual, ulong Wavelet)
{
    /// <summary>Algorithm version stored with the hashes; bump it when any hash or variant changes (version 2: crop hashes).</summary>
    public const int Version = 2;

    public static int Distance(ulong a, ulong b) => System.Numerics.BitOperations.PopCount(a ^ b);
}

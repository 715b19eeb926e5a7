namespace Lumina.Core.Tests;

/// <summary>Random 64-bit hashes and near copies of them for the duplicate tests.</summary>
internal static class Bits
{
    public static ulong Random(Random random) => (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);

    /// <summary><paramref name="hash"/> with <paramref name="count"/> distinct bits flipped.</summary>
    public static ulong Flip(Random random, ulong hash, int count)
    {
        var flipped = hash;
        while (ulong.PopCount(flipped ^ hash) < (ulong)count)
        {
            flipped ^= 1UL << random.Next(64);
        }

        return flipped;
    }
}

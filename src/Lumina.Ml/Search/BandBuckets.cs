using System.Numerics;

namespace Lumina.Ml.Search;

/// <summary>
/// One band's grouping of rows by their bits under the band's mask: a counting sort on the top bits of a 64-bit
/// hash of those bits into about one bucket per 16 rows (at most 65,536 buckets, so that the counts stay in the
/// core's cache), in O(n) rather than a sort's O(n log n); within a bucket, rows are told apart by the whole hash,
/// and the few that share the hash but not the bits, by the caller. Reused from band to band by one thread.
/// </summary>
internal sealed class BandBuckets
{
    /// <summary>The arrays' bytes per row: the hash, and the sorted hash and row (the bucket starts are at most 256 KB).</summary>
    public const int BytesPerRow = sizeof(ulong) + sizeof(ulong) + sizeof(int);

    private const int RowsPerBucket = 16;
    private const int MaxBuckets = 1 << 16;

    private const int Words = SimHashPairs.Bits / 64;

    private readonly int count;
    private readonly int shift;
    private readonly ulong[] keys;
    private readonly ulong[] sortedKeys;
    private readonly int[] sortedRows;
    private readonly int[] starts;

    public BandBuckets(int count)
    {
        this.count = count;
        var buckets = Math.Clamp(BitOperations.RoundUpToPowerOf2((uint)Math.Max(count / RowsPerBucket, 1)), 16, MaxBuckets);
        shift = 64 - BitOperations.Log2(buckets);
        keys = new ulong[count];
        sortedKeys = new ulong[count];
        sortedRows = new int[count];
        starts = new int[buckets + 1];
    }

    public void Fill(ulong[] codes, ReadOnlySpan<ulong> mask)
    {
        Array.Clear(starts);
        for (var row = 0; row < count; row++)
        {
            var code = codes.AsSpan(row * Words, Words);
            var key = Mix(((code[0] & mask[0]) * 0x9E3779B97F4A7C15UL)
                ^ BitOperations.RotateLeft((code[1] & mask[1]) * 0xC2B2AE3D27D4EB4FUL, 17)
                ^ BitOperations.RotateLeft((code[2] & mask[2]) * 0x165667B19E3779F9UL, 31)
                ^ BitOperations.RotateLeft((code[3] & mask[3]) * 0x27D4EB2F165667C5UL, 47));
            keys[row] = key;
            starts[(int)(key >> shift) + 1]++;
        }

        for (var bucket = 1; bucket < starts.Length; bucket++)
        {
            starts[bucket] += starts[bucket - 1];
        }

        for (var row = 0; row < count; row++)
        {
            var position = starts[(int)(keys[row] >> shift)]++;
            sortedKeys[position] = keys[row];
            sortedRows[position] = row;
        }
    }

    /// <summary>Calls <paramref name="pair"/> with each two rows (lower first) of equal hash.</summary>
    public void ForEachCollision(Action<int, int> pair)
    {
        for (var start = 0; start < count;)
        {
            var bucket = sortedKeys[start] >> shift;
            var end = start + 1;
            while (end < count && sortedKeys[end] >> shift == bucket)
            {
                end++;
            }

            for (var i = start; i < end; i++)
            {
                for (var j = i + 1; j < end; j++)
                {
                    if (sortedKeys[i] == sortedKeys[j])
                    {
                        pair(Math.Min(sortedRows[i], sortedRows[j]), Math.Max(sortedRows[i], sortedRows[j]));
                    }
                }
            }

            start = end;
        }
    }

    /// <summary>MurmurHash3's finalizer: every bit of the input moves the top bits that pick the bucket.</summary>
    private static ulong Mix(ulong key)
    {
        key ^= key >> 33;
        key *= 0xFF51AFD7ED558CCDUL;
        key ^= key >> 33;
        key *= 0xC4CEB9FE1A85EC53UL;
        return key ^ (key >> 33);
    }
}

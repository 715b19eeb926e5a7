using System.Numerics;
using System.Runtime.CompilerServices;

namespace Lumina.Core.Duplicates;

/// <summary>
/// Finds every id whose 64-bit hash lies within a Hamming radius of a query, by multi-index hashing
/// (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with Multi-Index Hashing", CVPR 2012).
/// </summary>
/// <remarks>
/// <para>
/// The hash splits into four 16-bit substrings, each with a table of 65,536 buckets. Write the radius as
/// r = 4s + a with a &lt; 4: a hash within r of the query lies within s of it on one of the first a + 1
/// substrings or within s - 1 on one of the others (otherwise the four would differ by at least r + 1
/// bits), so a search probes the first a + 1 tables with every key within s of the query's substring, the
/// others within s - 1, and checks each hash it meets with the full distance. At the default duplicate
/// radius 5 that is 17 + 17 + 1 + 1 = 36 buckets; at 10, 428.
/// </para>
/// <para>
/// Sixteen bits is close to the substring length the paper finds best, about log2 of the number of hashes
/// (17 for a catalog of 100,000): a table's bucket offsets fit in 256 KiB, addressed directly, a bucket holds
/// about 1.5 hashes at 100,000, and radii up to about 10 stay at a few hundred probes. Identical hashes are stored once with all their ids, so a crowd of blank
/// images with hash 0 costs one check, not thousands, when the search does not reach it. When the probes
/// would outnumber the distinct hashes (large radii on small indexes), a search scans them instead.
/// </para>
/// <para>
/// An index serves one catalog pass of millions of searches, asked together (<see cref="SearchAll"/>), so the
/// join loop is compiled fully optimized from the first call instead of after the runtime's warm-up.
/// </para>
/// </remarks>
public sealed class HammingIndex
{
    private const int Tables = 4;
    private const int KeyBits = 16;
    private const int Buckets = 1 << KeyBits;

    /// <summary>All 16-bit masks, fewest set bits first: the probes of a bucket's neighbourhood, nearest first.</summary>
    private static readonly ushort[] MasksByWeight =
        [.. Enumerable.Range(0, Buckets).OrderBy(mask => BitOperations.PopCount((uint)mask)).Select(mask => (ushort)mask)];

    /// <summary>How many masks have at most w bits set, for w = 0 to 16.</summary>
    private static readonly int[] MasksWithin =
        [.. Enumerable.Range(0, KeyBits + 1).Select(weight => MasksByWeight.Count(mask => BitOperations.PopCount(mask) <= weight))];

    private readonly ulong[] _hashes;
    private readonly int[] _idStart;
    private readonly long[] _ids;
    private readonly int[][] _bucketStart;
    private readonly ulong[][] _bucketHashes;
    private readonly int[][] _bucketSlots;

    /// <summary>Indexes <paramref name="hashes"/>[i] under <paramref name="ids"/>[i]; an id may appear with several hashes.</summary>
    public HammingIndex(ReadOnlySpan<long> ids, ReadOnlySpan<ulong> hashes)
    {
        if (ids.Length != hashes.Length)
        {
            throw new ArgumentException($"{ids.Length} ids came with {hashes.Length} hashes; each id needs one hash.", nameof(hashes));
        }

        (_hashes, _idStart, _ids) = GroupIdenticalHashes(ids, hashes);
        _bucketStart = new int[Tables][];
        _bucketHashes = new ulong[Tables][];
        _bucketSlots = new int[Tables][];
        for (var table = 0; table < Tables; table++)
        {
            (_bucketStart[table], _bucketHashes[table], _bucketSlots[table]) = BuildTable(_hashes, table);
        }
    }

    /// <summary>How many ids the index holds.</summary>
    public int Count => _ids.Length;

    /// <summary>Every id whose hash lies within <paramref name="radius"/> bits of <paramref name="query"/>, in no particular order.</summary>
    public IReadOnlyList<HammingMatch> Search(ulong query, int radius)
    {
        var matches = new List<HammingMatch>();
        SearchAll([query], radius, (_, match) => matches.Add(match));
        return matches;
    }

    /// <summary>
    /// Calls <paramref name="found"/> with the position of each query and every id within
    /// <paramref name="radius"/> bits of it: each pair once, in no particular order.
    /// </summary>
    /// <remarks>
    /// The queries are answered together, table by table: sorted by the table's substring, the queries
    /// sharing a substring read each bucket near it once, one after another. Asked one query at a time,
    /// every probe is a read from a random place in tables too large for the processor's caches, which
    /// costs more than the comparisons; a catalog asks millions (a dHash, its variants and its crops per image).
    /// </remarks>
    public void SearchAll(ReadOnlySpan<ulong> queries, int radius, Action<int, HammingMatch> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        if (radius is < 0 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "A Hamming radius over 64-bit hashes is 0 to 64.");
        }

        Span<int> tableRadius = stackalloc int[Tables];
        var probes = 0;
        for (var table = 0; table < Tables; table++)
        {
            tableRadius[table] = (radius / Tables) - (table <= radius % Tables ? 0 : 1);
            probes += tableRadius[table] < 0 ? 0 : MasksWithin[tableRadius[table]];
        }

        if (probes >= _hashes.Length)
        {
            for (var query = 0; query < queries.Length; query++)
            {
                Scan(query, queries[query], radius, found);
            }

            return;
        }

        var start = new int[Buckets + 1];
        var sorted = new ulong[queries.Length];
        var order = new int[queries.Length];
        for (var table = 0; table < Tables; table++)
        {
            if (tableRadius[table] >= 0)
            {
                SortByKey(queries, table, start, sorted, order);
                JoinTable(table, radius, tableRadius, start, sorted, order, found);
            }
        }
    }

    /// <summary>Counting sort of the queries by the table's substring: their hashes, their positions, and where each key's run starts.</summary>
    private static void SortByKey(ReadOnlySpan<ulong> queries, int table, int[] start, ulong[] sorted, int[] order)
    {
        Array.Clear(start);
        foreach (var query in queries)
        {
            start[Key(query, table) + 1]++;
        }

        for (var key = 0; key < Buckets; key++)
        {
            start[key + 1] += start[key];
        }

        var next = start.AsSpan(0, Buckets).ToArray();
        for (var i = 0; i < queries.Length; i++)
        {
            var position = next[Key(queries[i], table)]++;
            sorted[position] = queries[i];
            order[position] = i;
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void JoinTable(int table, int radius, ReadOnlySpan<int> tableRadius, int[] start, ulong[] sorted, int[] order, Action<int, HammingMatch> found)
    {
        var masks = MasksByWeight.AsSpan(0, MasksWithin[tableRadius[table]]);
        var bucketStart = _bucketStart[table];
        var hashes = _bucketHashes[table];
        var slots = _bucketSlots[table];
        for (var first = 0; first < sorted.Length;)
        {
            var key = Key(sorted[first], table);
            var last = start[key + 1];
            foreach (var mask in masks)
            {
                var bucket = key ^ mask;
                for (var entry = bucketStart[bucket]; entry < bucketStart[bucket + 1]; entry++)
                {
                    var hash = hashes[entry];
                    for (var query = first; query < last; query++)
                    {
                        var difference = sorted[query] ^ hash;
                        var distance = BitOperations.PopCount(difference);
                        if (distance <= radius && !FoundInEarlierTable(difference, table, tableRadius))
                        {
                            ReportIds(order[query], slots[entry], distance, found);
                        }
                    }
                }
            }

            first = last;
        }
    }

    /// <summary>A hash is reported by the first table whose probe reaches it, so each is reported once.</summary>
    private static bool FoundInEarlierTable(ulong difference, int table, ReadOnlySpan<int> tableRadius)
    {
        for (var earlier = 0; earlier < table; earlier++)
        {
            if (BitOperations.PopCount((uint)Key(difference, earlier)) <= tableRadius[earlier])
            {
                return true;
            }
        }

        return false;
    }

    private void Scan(int position, ulong query, int radius, Action<int, HammingMatch> found)
    {
        for (var slot = 0; slot < _hashes.Length; slot++)
        {
            var distance = BitOperations.PopCount(_hashes[slot] ^ query);
            if (distance <= radius)
            {
                ReportIds(position, slot, distance, found);
            }
        }
    }

    private void ReportIds(int position, int slot, int distance, Action<int, HammingMatch> found)
    {
        for (var i = _idStart[slot]; i < _idStart[slot + 1]; i++)
        {
            found(position, new HammingMatch(_ids[i], distance));
        }
    }

    /// <summary>Table 0 takes the top 16 bits.</summary>
    private static int Key(ulong hash, int table) => (int)(hash >> ((Tables - 1 - table) * KeyBits)) & (Buckets - 1);

    /// <summary>The distinct hashes in ascending order, and for each the ids holding it in ascending order.</summary>
    private static (ulong[] Hashes, int[] IdStart, long[] Ids) GroupIdenticalHashes(ReadOnlySpan<long> ids, ReadOnlySpan<ulong> hashes)
    {
        var sortedHashes = hashes.ToArray();
        var sortedIds = ids.ToArray();
        Array.Sort(sortedHashes, sortedIds);

        var distinct = new List<ulong>();
        var idStart = new List<int>();
        for (var i = 0; i < sortedHashes.Length;)
        {
            var end = i + 1;
            while (end < sortedHashes.Length && sortedHashes[end] == sortedHashes[i])
            {
                end++;
            }

            Array.Sort(sortedIds, i, end - i);
            distinct.Add(sortedHashes[i]);
            idStart.Add(i);
            i = end;
        }

        idStart.Add(sortedHashes.Length);
        return ([.. distinct], [.. idStart], sortedIds);
    }

    /// <summary>Counting sort of the distinct hashes by the table's substring, as bucket offsets plus entries.</summary>
    private static (int[] Start, ulong[] Hashes, int[] Slots) BuildTable(ulong[] distinct, int table)
    {
        var start = new int[Buckets + 1];
        foreach (var hash in distinct)
        {
            start[Key(hash, table) + 1]++;
        }

        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            start[bucket + 1] += start[bucket];
        }

        var next = start.AsSpan(0, Buckets).ToArray();
        var hashes = new ulong[distinct.Length];
        var slots = new int[distinct.Length];
        for (var slot = 0; slot < distinct.Length; slot++)
        {
            var entry = next[Key(distinct[slot], table)]++;
            hashes[entry] = distinct[slot];
            slots[entry] = slot;
        }

        return (start, hashes, slots);
    }
}

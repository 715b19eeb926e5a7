using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Lumina.Core.Duplicates;

/// <summary>
/// Finds every id whose 64-bit hash lies within a Hamming radius of a query, by multi-index hashing
/// (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with Multi-Index Hashing", CVPR 2012).
/// </summary>
/// <remarks>
/// <para>
/// Three disjoint substrings of the hash, of b bits each from the top, are the keys of three tables. Write the
/// radius as r = 3s + a with a &lt; 3: a hash within r of the query lies within s of it on one of the first
/// a + 1 substrings or within s - 1 on one of the others (otherwise the three would differ by at least r + 1
/// bits, and the bits no substring covers can only add to that), so a search probes the first a + 1 tables
/// with every key within s of the query's substring, the others within s - 1, and checks each hash it meets
/// with the full distance. At the default duplicate radius 5 that is every key within 1 bit on each table.
/// </para>
/// <para>
/// The paper finds a substring of about log2 of the number of hashes best, and so does this: b is that,
/// from 8 to 21 bits, so a bucket holds about one hash whatever the catalog's size and a search costs about
/// b + 1 probes per table (a fixed 16 bits held 15 hashes per bucket at a million, and a search's work grew with
/// the square of the catalog). Identical hashes are stored once with all their ids, so a crowd of blank images with
/// hash 0 costs one check, not thousands, when the search does not reach it. When the probes would
/// outnumber the distinct hashes (large radii on small indexes), a search scans them instead.
/// </para>
/// <para>
/// An index serves one catalog pass of millions of searches, asked together (<see cref="SearchAll"/>), so the
/// join loop is compiled fully optimized from the first call instead of after the runtime's warm-up.
/// </para>
/// </remarks>
public sealed class HammingIndex
{
    private const int Tables = 3;
    private const int MinKeyBits = 8;
    private const int MaxKeyBits = 21;

    /// <summary>Per key length and radius, every mask of that many bits with at most that many set, fewest first: a key's neighbourhood, nearest first.</summary>
    private static readonly ConcurrentDictionary<(int Bits, int Radius), int[]> Neighbourhoods = new();

    private readonly ulong[] _hashes;
    private readonly int[] _idStart;
    private readonly long[] _ids;
    private readonly int _keyBits;
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
        _keyBits = Math.Clamp(BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)Math.Max(_hashes.Length, 1))), MinKeyBits, MaxKeyBits);
        _bucketStart = new int[Tables][];
        _bucketHashes = new ulong[Tables][];
        _bucketSlots = new int[Tables][];
        for (var table = 0; table < Tables; table++)
        {
            (_bucketStart[table], _bucketHashes[table], _bucketSlots[table]) = BuildTable(table);
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
        long probes = 0;
        for (var table = 0; table < Tables; table++)
        {
            tableRadius[table] = (radius / Tables) - (table <= radius % Tables ? 0 : 1);
            probes += KeysWithin(_keyBits, tableRadius[table]);
        }

        if (probes >= _hashes.Length)
        {
            for (var query = 0; query < queries.Length; query++)
            {
                Scan(query, queries[query], radius, found);
            }

            return;
        }

        var sorted = new ulong[queries.Length];
        var order = new int[queries.Length];
        var scratch = (new ulong[queries.Length], new int[queries.Length]);
        for (var table = 0; table < Tables; table++)
        {
            if (tableRadius[table] >= 0)
            {
                SortByKey(queries, table, sorted, order, scratch);
                JoinTable(table, radius, tableRadius, sorted, order, found);
            }
        }
    }

    /// <summary>How many keys of <paramref name="bits"/> bits lie within <paramref name="radius"/> of one: the sum of the binomials.</summary>
    private static long KeysWithin(int bits, int radius)
    {
        long total = 0, binomial = 1;
        for (var weight = 0; weight <= Math.Min(radius, bits); weight++)
        {
            total += binomial;
            binomial = binomial * (bits - weight) / (weight + 1);
        }

        return total;
    }

    private static int[] Neighbourhood(int bits, int radius) => Neighbourhoods.GetOrAdd((bits, radius), key =>
    {
        var masks = new List<int>();
        for (var weight = 0; weight <= key.Radius; weight++)
        {
            AddMasks(masks, key.Bits, weight, 0, 0);
        }

        return [.. masks];
    });

    private static void AddMasks(List<int> masks, int bits, int weight, int from, int mask)
    {
        if (weight == 0)
        {
            masks.Add(mask);
            return;
        }

        for (var bit = from; bit <= bits - weight; bit++)
        {
            AddMasks(masks, bits, weight - 1, bit + 1, mask | (1 << bit));
        }
    }

    /// <summary>
    /// The queries sorted by the table's substring, with their positions: a radix sort in two passes of half the
    /// key each, since a catalog's tens of millions of queries take a comparison sort seconds.
    /// </summary>
    private void SortByKey(ReadOnlySpan<ulong> queries, int table, ulong[] sorted, int[] order, (ulong[] Hashes, int[] Order) scratch)
    {
        var lowBits = _keyBits / 2;
        var start = new int[(1 << (_keyBits - lowBits)) + 1];
        CountDigits(queries, table, 0, lowBits, start);
        for (var i = 0; i < queries.Length; i++)
        {
            var position = start[Key(queries[i], table) & ((1 << lowBits) - 1)]++;
            scratch.Hashes[position] = queries[i];
            scratch.Order[position] = i;
        }

        CountDigits(scratch.Hashes, table, lowBits, _keyBits - lowBits, start);
        for (var i = 0; i < scratch.Hashes.Length; i++)
        {
            var position = start[Key(scratch.Hashes[i], table) >> lowBits]++;
            sorted[position] = scratch.Hashes[i];
            order[position] = scratch.Order[i];
        }
    }

    /// <summary>Where each value of the key's <paramref name="bits"/> bits from <paramref name="shift"/> starts in the order of those values.</summary>
    private void CountDigits(ReadOnlySpan<ulong> hashes, int table, int shift, int bits, int[] start)
    {
        Array.Clear(start);
        foreach (var hash in hashes)
        {
            start[((Key(hash, table) >> shift) & ((1 << bits) - 1)) + 1]++;
        }

        for (var digit = 0; digit < 1 << bits; digit++)
        {
            start[digit + 1] += start[digit];
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void JoinTable(int table, int radius, ReadOnlySpan<int> tableRadius, ulong[] sorted, int[] order, Action<int, HammingMatch> found)
    {
        var masks = Neighbourhood(_keyBits, tableRadius[table]);
        var bucketStart = _bucketStart[table];
        var hashes = _bucketHashes[table];
        var slots = _bucketSlots[table];
        for (var first = 0; first < sorted.Length;)
        {
            var key = Key(sorted[first], table);
            var last = first + 1;
            while (last < sorted.Length && Key(sorted[last], table) == key)
            {
                last++;
            }

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
    private bool FoundInEarlierTable(ulong difference, int table, ReadOnlySpan<int> tableRadius)
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

    /// <summary>Table t's key: the hash's b bits after the top t * b.</summary>
    private int Key(ulong hash, int table) => (int)(hash >> (64 - ((table + 1) * _keyBits))) & ((1 << _keyBits) - 1);

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
    private (int[] Start, ulong[] Hashes, int[] Slots) BuildTable(int table)
    {
        var buckets = 1 << _keyBits;
        var start = new int[buckets + 1];
        foreach (var hash in _hashes)
        {
            start[Key(hash, table) + 1]++;
        }

        for (var bucket = 0; bucket < buckets; bucket++)
        {
            start[bucket + 1] += start[bucket];
        }

        var next = start.AsSpan(0, buckets).ToArray();
        var hashes = new ulong[_hashes.Length];
        var slots = new int[_hashes.Length];
        for (var slot = 0; slot < _hashes.Length; slot++)
        {
            var entry = next[Key(_hashes[slot], table)]++;
            hashes[entry] = _hashes[slot];
            slots[entry] = slot;
        }

        return (start, hashes, slots);
    }
}

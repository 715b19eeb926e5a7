using Lumina.Core.Duplicates;
using Lumina.Core.Hashing;

namespace Lumina.Core.Tests;

public sealed class HammingIndexTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(4, 7)]
    [InlineData(5, 10)]
    public void FindsExactlyWhatABruteForceScanFindsOnRandomHashes(int seed, int radius)
    {
        var random = new Random(seed);
        var hashes = Enumerable.Range(0, 4000).Select(_ => Bits.Random(random)).ToArray();
        var queries = hashes.Take(100).Select((hash, i) => Bits.Flip(random, hash, i % 2 == 0 ? random.Next(radius + 1) : radius + random.Next(1, 3))).ToArray();

        AssertSameAsBruteForce(hashes, queries, radius);
    }

    [Theory]
    [InlineData(6, 2)]
    [InlineData(7, 5)]
    [InlineData(8, 9)]
    public void FindsExactlyWhatABruteForceScanFindsOnClusteredHashes(int seed, int radius)
    {
        // Like a real catalog: duplicate groups of near-identical hashes, a crowd of blank images at 0,
        // dark images a few bits from 0, and hashes sharing a flat (all-zero) 16-bit substring.
        var random = new Random(seed);
        var hashes = new List<ulong>();
        for (var group = 0; group < 300; group++)
        {
            var centre = Bits.Random(random);
            hashes.AddRange(Enumerable.Range(0, random.Next(2, 6)).Select(_ => Bits.Flip(random, centre, random.Next(4))));
        }

        hashes.AddRange(Enumerable.Repeat(0UL, 500));
        hashes.AddRange(Enumerable.Range(0, 300).Select(_ => Bits.Flip(random, 0, random.Next(1, 4))));
        hashes.AddRange(Enumerable.Range(0, 1000).Select(_ => Bits.Random(random) & ~0xFFFFUL));
        hashes.AddRange(Enumerable.Range(0, 2000).Select(_ => Bits.Random(random)));
        var queries = hashes.Where((_, i) => i % 17 == 0).Select(hash => Bits.Flip(random, hash, random.Next(3))).Append(0UL).ToArray();

        AssertSameAsBruteForce([.. hashes], queries, radius);
    }

    [Theory]
    [InlineData(10, 5)]
    [InlineData(11, 8)]
    public void FindsExactlyWhatABruteForceScanFindsInAnIndexOfAMillionHashes(int seed, int radius)
    {
        // Over 2^20 distinct hashes the keys are 21 bits long, the most the index uses.
        var random = new Random(seed);
        var hashes = Enumerable.Range(0, 1_100_000).Select(_ => Bits.Random(random)).ToArray();
        var queries = Enumerable.Range(0, 60).Select(i => Bits.Flip(random, hashes[random.Next(hashes.Length)], i % 2 == 0 ? random.Next(radius + 1) : radius + 1)).ToArray();

        AssertSameAsBruteForce(hashes, queries, radius);
    }

    [Fact]
    public void LargeRadiiOnSmallIndexesScanAndStayExact()
    {
        var random = new Random(9);
        var hashes = Enumerable.Range(0, 60).Select(_ => Bits.Random(random)).ToArray();
        var queries = hashes.Take(10).Select((hash, i) => Bits.Flip(random, hash, i % 2 == 0 ? 2 : 10)).ToArray();

        AssertSameAsBruteForce(hashes, queries, 30);
        AssertSameAsBruteForce(hashes, queries, 64);
        AssertSameAsBruteForce(hashes, queries, 3);
    }

    [Fact]
    public void ReportsEveryIdOfIdenticalHashesWithTheirDistance()
    {
        var index = new HammingIndex([5, 3, 9, 4, 7], [0b1011UL, 0b1011UL, 0b1011UL, 0b1111UL, ulong.MaxValue]);

        var matches = index.Search(0b0011UL, 2).OrderBy(m => m.Id).ToArray();

        Assert.Equal([new(3, 1), new(4, 2), new(5, 1), new(9, 1)], matches);
        Assert.Equal(5, index.Count);
        Assert.Empty(new HammingIndex([], []).Search(0, 5));
    }

    [Fact]
    public void AnIdMayBeIndexedUnderSeveralHashes()
    {
        var index = new HammingIndex([1, 1, 2], [0UL, ulong.MaxValue, 0xFFUL]);

        Assert.Equal([new(1, 0)], index.Search(0, 1));
        Assert.Equal([new(1, 0)], index.Search(ulong.MaxValue, 1));
    }

    [Fact]
    public void RejectsMismatchedInputsAndRadiiOutOfRange()
    {
        var mismatch = Assert.Throws<ArgumentException>(() => new HammingIndex([1, 2], [0UL]));
        Assert.Contains("2 ids came with 1 hashes", mismatch.Message, StringComparison.Ordinal);

        var index = new HammingIndex([1], [0UL]);
        Assert.Equal("radius", Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(0, -1)).ParamName);
        Assert.Equal("radius", Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(0, 65)).ParamName);
    }

    private static void AssertSameAsBruteForce(ulong[] hashes, ulong[] queries, int radius)
    {
        var ids = Enumerable.Range(0, hashes.Length).Select(i => 1000L + i).ToArray();
        var index = new HammingIndex(ids, hashes);
        var found = 0;
        foreach (var query in queries)
        {
            var expected = ids.Select((id, i) => new HammingMatch(id, ImageHashes.Distance(query, hashes[i]))).Where(m => m.Distance <= radius);
            var actual = index.Search(query, radius);

            Assert.Equal(expected.OrderBy(m => m.Id), actual.OrderBy(m => m.Id));
            found += actual.Count;
        }

        // Asked all together (twice over, as identical queries are), each query gets the same answers, each once.
        var asked = queries.Concat(queries).ToArray();
        var together = new List<HammingMatch>[asked.Length];
        index.SearchAll(asked, radius, (position, match) => (together[position] ??= []).Add(match));
        for (var position = 0; position < asked.Length; position++)
        {
            Assert.Equal(index.Search(asked[position], radius).OrderBy(m => m.Id), (together[position] ?? []).OrderBy(m => m.Id));
        }

        // Agreeing on empty results would prove nothing: half the queries are built to find something.
        Assert.True(found >= queries.Length / 2, $"only {found} matches for {queries.Length} queries");
    }
}

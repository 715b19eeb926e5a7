using Lumina.Ml.Search;

namespace Lumina.Ml.Tests.Search;

public sealed class EmbeddingIndexTests
{
    [Fact]
    public void SearchReturnsTheKMostSimilarBestFirstWithCosineScores()
    {
        var index = new EmbeddingIndex(4);
        index.Upsert(1, [1, 0, 0, 0]);
        index.Upsert(2, [0.8f, 0.6f, 0, 0]);
        index.Upsert(3, [0, 1, 0, 0]);
        index.Upsert(4, [-1, 0, 0, 0]);

        var hits = index.Search([1, 0, 0, 0], 3, TestContext.Current.CancellationToken);

        Assert.Equal([1L, 2, 3], hits.Select(h => h.ImageId));
        Assert.Equal([1f, 0.8f, 0f], hits.Select(h => h.Score), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void StoredAndQueryEmbeddingsAreNormalizedSoScoresAreCosines()
    {
        var index = new EmbeddingIndex(2);
        index.Upsert(7, [3, 4]);

        var hit = Assert.Single(index.Search([6, 8], 5, TestContext.Current.CancellationToken));

        Assert.Equal(1f, hit.Score, 1e-6f);
    }

    [Fact]
    public void UpsertOfAKnownImageReplacesItsEmbedding()
    {
        var index = new EmbeddingIndex(2);
        index.Upsert(1, [1, 0]);
        index.Upsert(2, [0, 1]);

        index.Upsert(1, [0, -1]);

        Assert.Equal(2, index.Count);
        Assert.Equal([2L, 1], index.Search([0, 1], 2, TestContext.Current.CancellationToken).Select(h => h.ImageId));
    }

    [Fact]
    public void RemoveDropsTheImageAndKeepsTheOthersFindable()
    {
        var index = new EmbeddingIndex(3);
        index.Upsert(10, [1, 0, 0]);
        index.Upsert(20, [0, 1, 0]);
        index.Upsert(30, [0, 0, 1]);

        Assert.True(index.Remove(10));
        Assert.False(index.Remove(10));

        Assert.Equal(2, index.Count);
        Assert.False(index.Contains(10));
        Assert.Equal(30, index.Search([0, 0, 1], 1, TestContext.Current.CancellationToken)[0].ImageId);
        Assert.Equal(20, index.Search([0, 1, 0], 1, TestContext.Current.CancellationToken)[0].ImageId);
    }

    [Fact]
    public void SimilarImagesExcludeTheImageItself()
    {
        var index = new EmbeddingIndex(2);
        index.Upsert(1, [1, 0]);
        index.Upsert(2, [0.9f, 0.1f]);
        index.Upsert(3, [0, 1]);

        Assert.True(index.TrySearchSimilar(1, 5, out var hits, TestContext.Current.CancellationToken));

        Assert.Equal([2L, 3], hits.Select(h => h.ImageId));
    }

    [Fact]
    public void SimilarImagesOfAnUnknownImageAreNotFound()
    {
        var index = new EmbeddingIndex(2);
        index.Upsert(1, [1, 0]);

        Assert.False(index.TrySearchSimilar(99, 5, out var hits, TestContext.Current.CancellationToken));
        Assert.Empty(hits);
    }

    [Fact]
    public void EmbeddingOfAnotherLengthIsRejected()
    {
        var index = new EmbeddingIndex(512);

        var error = Assert.Throws<ArgumentException>(() => index.Upsert(1, new float[768]));

        Assert.Contains("512-dimensional embeddings; this one has 768", error.Message);
    }

    [Fact]
    public void ParallelScanOverManyEmbeddingsAgreesWithASortOfAllScores()
    {
        const int count = 50_000;
        const int dimension = 32;
        var random = new Random(42);
        var index = new EmbeddingIndex(dimension, maxParallelism: 2);
        var stored = new Dictionary<long, float[]>();
        for (var id = 0L; id < count; id++)
        {
            var vector = RandomUnit(random, dimension);
            stored[id * 3] = vector;
            index.Upsert(id * 3, vector);
        }

        var query = RandomUnit(random, dimension);
        var hits = index.Search(query, 25, TestContext.Current.CancellationToken);

        var expected = stored.Select(kv => (Id: kv.Key, Score: Dot(query, kv.Value))).OrderByDescending(x => x.Score).Take(25).ToList();
        Assert.Equal(expected.Select(e => e.Id), hits.Select(h => h.ImageId));
        Assert.Equal(expected.Select(e => e.Score), hits.Select(h => h.Score), new FloatTolerance(1e-5f));
    }

    [Fact]
    public void NearDuplicatesAreExactlyThePairsAtOrAboveTheThreshold()
    {
        const int dimension = 16;
        var random = new Random(7);
        var index = new EmbeddingIndex(dimension);
        var stored = new List<(long Id, float[] Vector)>();
        for (var i = 0; i < 300; i++)
        {
            var vector = i % 10 == 9 ? Nudged(stored[^1].Vector, random) : RandomUnit(random, dimension);
            var id = 1000 - i;
            stored.Add((id, vector));
            index.Upsert(id, vector);
        }

        var pairs = index.FindNearDuplicates(0.95f, TestContext.Current.CancellationToken);

        var expected = stored.SelectMany((a, i) => stored.Skip(i + 1).Select(b => (a, b)))
            .Select(p => (First: Math.Min(p.a.Id, p.b.Id), Second: Math.Max(p.a.Id, p.b.Id), Cosine: Dot(p.a.Vector, p.b.Vector)))
            .Where(p => p.Cosine >= 0.95f)
            .OrderByDescending(p => p.Cosine)
            .ToList();
        Assert.Equal(30, expected.Count);
        Assert.Equal(expected.Select(e => (e.First, e.Second)), pairs.Select(p => (p.First, p.Second)));
        Assert.All(pairs, p => Assert.True(p.First < p.Second));
    }

    [Fact]
    public void SearchOverTheByteCopyReturnsTheExactScansHitsAndScoresOnGeneratedEmbeddings()
    {
        var index = Filled(SyntheticEmbeddings.Rows(30_000, 128, seed: 3), out _);
        var random = new Random(5);

        for (var query = 0; query < 40; query++)
        {
            var vector = SyntheticEmbeddings.RandomUnit(random, 128);
            Assert.Equal(index.SearchExact(vector, 10, TestContext.Current.CancellationToken), index.Search(vector, 10, TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public void SimilarImagesOverTheByteCopyAreTheExactScansLeavingTheImageOut()
    {
        var rows = SyntheticEmbeddings.Rows(20_000, 64, seed: 8);
        var index = Filled(rows, out var ids);

        for (var row = 9; row < 2_000; row += 97)
        {
            Assert.True(index.TrySearchSimilar(ids[row], 5, out var hits, TestContext.Current.CancellationToken));
            var exact = index.SearchExact(rows[row], 6, TestContext.Current.CancellationToken).Where(h => h.ImageId != ids[row]).Take(5);
            Assert.Equal(exact, hits);
        }
    }

    [Fact]
    public void AfterRemovalsTheByteCopyStillMatchesTheFloats()
    {
        var rows = SyntheticEmbeddings.Rows(15_000, 64, seed: 9);
        var index = Filled(rows, out var ids);
        for (var row = 0; row < rows.Length; row += 3)
        {
            index.Remove(ids[row]);
        }

        index.Upsert(ids[0], rows[1]);
        var random = new Random(10);
        for (var query = 0; query < 20; query++)
        {
            var vector = SyntheticEmbeddings.RandomUnit(random, 64);
            Assert.Equal(index.SearchExact(vector, 10, TestContext.Current.CancellationToken), index.Search(vector, 10, TestContext.Current.CancellationToken));
        }
    }

    [Theory]
    [InlineData(0.95f)]
    [InlineData(0.9f)]
    public void HashedNearDuplicatesAreExactPairsAndAtLeast99PercentOfThem(float threshold)
    {
        var index = Filled(SyntheticEmbeddings.Rows(20_000, 128, seed: 11), out _);

        var exact = index.FindNearDuplicates(threshold, hashed: false, TestContext.Current.CancellationToken);
        var hashed = index.FindNearDuplicates(threshold, hashed: true, TestContext.Current.CancellationToken);

        Assert.True(exact.Count > 500, $"only {exact.Count} pairs at {threshold}");
        var exactSet = exact.ToHashSet();
        Assert.All(hashed, pair => Assert.Contains(pair, exactSet));
        Assert.Equal(hashed.Count, hashed.Distinct().Count());
        Assert.True(hashed.Count >= 0.99 * exact.Count, $"found {hashed.Count} of {exact.Count} pairs");
        Assert.Equal(hashed, hashed.OrderByDescending(p => p.Cosine).ThenBy(p => p.First).ThenBy(p => p.Second));
    }

    [Fact]
    public void NearDuplicatesHashFromFiveThousandEmbeddingsAndCompareEveryPairBelow()
    {
        var rows = SyntheticEmbeddings.Rows(5_000, 32, seed: 12);
        var small = Filled(rows[..4_999], out _);
        var large = Filled(rows, out _);

        Assert.StartsWith("exact", small.DescribeNearDuplicateSearch(0.95f));
        Assert.StartsWith("simhash", large.DescribeNearDuplicateSearch(0.95f));
        Assert.Equal(small.FindNearDuplicates(0.95f, hashed: false, TestContext.Current.CancellationToken), small.FindNearDuplicates(0.95f, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void MemoryPerEmbeddingCountsTheFloatsTheBytesTheIdAndTheMapEntry()
    {
        Assert.Equal((512 * 4) + 512 + 4 + 4 + 8 + 28, new EmbeddingIndex(512).BytesPerEmbedding);
    }

    private static EmbeddingIndex Filled(float[][] rows, out long[] ids)
    {
        var index = new EmbeddingIndex(rows[0].Length);
        ids = [.. Enumerable.Range(0, rows.Length).Select(i => 7L * (rows.Length - i))];
        for (var i = 0; i < rows.Length; i++)
        {
            index.Upsert(ids[i], rows[i]);
        }

        return index;
    }

    private static float[] RandomUnit(Random random, int dimension)
    {
        var vector = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            vector[i] = (random.NextSingle() * 2) - 1;
        }

        return Embeddings.Normalized(vector);
    }

    private static float[] Nudged(float[] vector, Random random) =>
        Embeddings.Normalized([.. vector.Select(v => v + ((random.NextSingle() - 0.5f) * 0.05f))]);

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}

namespace Lumina.Ml.Search;

/// <summary>
/// Unit vectors shaped a little like CLIP image embeddings, row after row in one array: each is a direction
/// shared by all (so unrelated images have a cosine of about 0.2, as CLIP's lean one way), plus one of
/// n / 1,000 cluster directions (same-cluster cosine about 0.5), plus noise. A tenth of the rows are planted
/// near duplicates of an earlier row, with a cosine to it spread between 0.90 and 0.995. Deterministic for a
/// seed; generated in parallel chunks. For `lumina bench embeddings` and the index tests.
/// </summary>
public static class SyntheticEmbeddings
{
    private const int Chunk = 8_192;

    public static float[] Generate(int count, int dimension, int seed)
    {
        var shared = RandomUnit(new Random(seed), dimension);
        var clusters = Enumerable.Range(0, Math.Max(1, count / 1_000)).Select(c => RandomUnit(new Random(Seed(seed, c)), dimension)).ToArray();
        var vectors = new float[(long)count * dimension];
        Parallel.For(0, (count + Chunk - 1) / Chunk, chunk =>
        {
            var random = new Random(Seed(seed, 1_000_003 + chunk));
            var noise = new float[dimension];
            for (var row = chunk * Chunk; row < Math.Min(count, (chunk + 1) * Chunk); row++)
            {
                var target = vectors.AsSpan(row * dimension, dimension);
                var cluster = clusters[random.Next(clusters.Length)];
                Fill(random, noise);
                for (var i = 0; i < dimension; i++)
                {
                    target[i] = (0.447f * shared[i]) + (0.548f * cluster[i]) + (0.707f * noise[i]);
                }

                Embeddings.Normalize(target);
            }
        });
        PlantNearDuplicates(vectors, count, dimension, new Random(Seed(seed, -1)));
        return vectors;
    }

    /// <summary>A query like a text embedding: near a random cluster's direction, far from any one image.</summary>
    public static float[] Query(Random random, int count, int dimension, int seed)
    {
        var cluster = RandomUnit(new Random(Seed(seed, random.Next(Math.Max(1, count / 1_000)))), dimension);
        var noise = RandomUnit(random, dimension);
        return Embeddings.Normalized([.. cluster.Zip(noise, (c, n) => (0.6f * c) + (0.8f * n))]);
    }

    /// <summary>Row r (one in ten, r ≥ 1) becomes a copy of an earlier row turned by an angle whose cosine is 0.90-0.995.</summary>
    private static void PlantNearDuplicates(float[] vectors, int count, int dimension, Random random)
    {
        var noise = new float[dimension];
        for (var row = 10; row < count; row += 10)
        {
            var original = vectors.AsSpan(random.Next(row) * dimension, dimension);
            var cosine = 0.90 + (random.NextDouble() * 0.095);
            var away = (float)Math.Sqrt((1 / (cosine * cosine)) - 1);
            Fill(random, noise);
            Embeddings.Normalize(noise);
            var target = vectors.AsSpan(row * dimension, dimension);
            for (var i = 0; i < dimension; i++)
            {
                target[i] = original[i] + (away * noise[i]);
            }

            Embeddings.Normalize(target);
        }
    }

    /// <summary>Uniform noise scaled to about unit length: in hundreds of dimensions its direction is as good as a Gaussian's for this.</summary>
    private static void Fill(Random random, Span<float> target)
    {
        var scale = MathF.Sqrt(3f / target.Length);
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = ((random.NextSingle() * 2) - 1) * scale;
        }
    }

    /// <summary>A seed per part (HashCode is randomized per process, so it would not repeat).</summary>
    private static int Seed(int seed, int part) => unchecked((seed * 1_000_033) + part);

    /// <summary>A random direction.</summary>
    public static float[] RandomUnit(Random random, int dimension)
    {
        var vector = new float[dimension];
        Fill(random, vector);
        return Embeddings.Normalized(vector);
    }

    /// <summary>The rows of <see cref="Generate"/> as arrays of their own.</summary>
    public static float[][] Rows(int count, int dimension, int seed)
    {
        var vectors = Generate(count, dimension, seed);
        return [.. Enumerable.Range(0, count).Select(row => vectors.AsSpan(row * dimension, dimension).ToArray())];
    }
}

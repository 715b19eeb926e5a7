using Lumina.Ml;

namespace Lumina.Ml.Tests.Search;

/// <summary>
/// Clustered unit vectors for the index tests: a direction shared by all (unrelated cosine about 0.2), one of
/// <c>count / 500</c> cluster directions (same-cluster cosine about 0.5) and noise, with every tenth row a near
/// duplicate of a random earlier one at a cosine spread over 0.90-0.995.
/// </summary>
internal static class GeneratedEmbeddings
{
    public static float[][] Make(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var shared = Unit(random, dimension);
        var clusters = Enumerable.Range(0, Math.Max(1, count / 500)).Select(_ => Unit(random, dimension)).ToArray();
        var rows = new float[count][];
        for (var row = 0; row < count; row++)
        {
            if (row % 10 == 9)
            {
                var original = rows[random.Next(row)];
                var cosine = 0.90 + (random.NextDouble() * 0.095);
                var away = (float)Math.Sqrt((1 / (cosine * cosine)) - 1);
                var noise = Unit(random, dimension);
                rows[row] = Embeddings.Normalized([.. original.Zip(noise, (o, n) => o + (away * n))]);
                continue;
            }

            var cluster = clusters[random.Next(clusters.Length)];
            var own = Unit(random, dimension);
            rows[row] = Embeddings.Normalized([.. Enumerable.Range(0, dimension).Select(i => (0.447f * shared[i]) + (0.548f * cluster[i]) + (0.707f * own[i]))]);
        }

        return rows;
    }

    public static float[] Unit(Random random, int dimension)
    {
        var vector = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            vector[i] = (random.NextSingle() * 2) - 1;
        }

        return Embeddings.Normalized(vector);
    }
}

using System.Numerics;
using System.Numerics.Tensors;

namespace Lumina.Ml.Search;

/// <summary>
/// Finds the pairs of rows with a cosine at or above a threshold without comparing every pair: random-hyperplane
/// sign bits (computed on the byte copy of the rows, about the mean) put rows into buckets per band
/// (<see cref="SimHashPlan"/>), and only rows sharing a bucket, close on all bits, are compared, exactly, on their
/// floats. Every pair returned is exact (its cosine is the float dot product the exhaustive scan computes); some
/// pairs may be missed: a few times <see cref="SimHashPlan.MissPerPair"/> of those at the threshold, fewer of the
/// closer ones. Time about n × (bits × d + bands) plus the candidates (<see cref="BandBuckets"/> groups a band in
/// O(n)); memory 32 bytes per row for the bits and <see cref="BandBuckets.BytesPerRow"/> per row per thread for a
/// band's buckets.
/// </summary>
internal sealed class SimHashPairs(float[] vectors, QuantizedRows quantized, int count, int dimension, int parallelism)
{
    public const int Bits = 256;

    private const int Words = Bits / 64;

    /// <summary>Rows hashed per parallel task.</summary>
    private const int HashChunk = 4_096;

    private readonly float[] mean = Mean(vectors, count, dimension);

    public SimHashPlan Plan(float threshold) => SimHashPlan.Make(count, threshold, TensorPrimitives.SumOfSquares(mean));

    /// <summary>
    /// The pairs (lower row first) at or above <paramref name="threshold"/> that share a band; seeded, so one input
    /// gives one answer. A pair that agrees on several bands is checked on the first only; the bands are split over
    /// the threads.
    /// </summary>
    public List<(int First, int Second, float Cosine)> Find(float threshold, SimHashPlan plan, CancellationToken cancellationToken)
    {
        var random = new Random(20_260_915);
        var codes = Hash(random, cancellationToken);
        var masks = BandMasks(plan, random);
        var found = new List<(int, int, float)>[parallelism];
        Parallel.For(
            0,
            parallelism,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            worker =>
            {
                var buckets = new BandBuckets(count);
                var pairs = new List<(int, int, float)>();
                for (var band = worker; band < plan.Bands; band += parallelism)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    buckets.Fill(codes, masks.AsSpan(band * Words, Words));
                    buckets.ForEachCollision((a, b) =>
                    {
                        if (Hamming(codes, a, b) <= plan.MaxHamming && AgreeOn(codes, a, b, masks, band) && !AgreeOnEarlier(codes, a, b, masks, band))
                        {
                            var cosine = TensorPrimitives.Dot(vectors.AsSpan(a * dimension, dimension), vectors.AsSpan(b * dimension, dimension));
                            if (cosine >= threshold)
                            {
                                pairs.Add((a, b, cosine));
                            }
                        }
                    });
                }

                found[worker] = pairs;
            });
        return [.. found.SelectMany(pairs => pairs)];
    }

    private static float[] Mean(float[] vectors, int count, int dimension)
    {
        var mean = new float[dimension];
        for (var row = 0; row < count; row++)
        {
            TensorPrimitives.Add(mean, vectors.AsSpan(row * dimension, dimension), mean);
        }

        TensorPrimitives.Divide(mean, Math.Max(count, 1), mean);
        return mean;
    }

    /// <summary>Bit j of a row is whether it lies on the positive side of random hyperplane j through the mean.</summary>
    private ulong[] Hash(Random random, CancellationToken cancellationToken)
    {
        var planes = new QuantizedRows.Query[Bits];
        var offsets = new float[Bits];
        var normal = new float[dimension];
        for (var bit = 0; bit < Bits; bit++)
        {
            for (var i = 0; i < dimension; i++)
            {
                normal[i] = Gaussian(random);
            }

            planes[bit] = quantized.Prepare(normal);
            offsets[bit] = TensorPrimitives.Dot(normal, mean);
        }

        var codes = new ulong[count * Words];
        Parallel.For(
            0,
            (count + HashChunk - 1) / HashChunk,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            chunk =>
            {
                Span<float> scores = stackalloc float[4];
                for (var row = chunk * HashChunk; row < Math.Min(count, (chunk + 1) * HashChunk); row++)
                {
                    for (var bit = 0; bit < Bits; bit += 4)
                    {
                        quantized.Score4(planes, bit, row, scores);
                        for (var i = 0; i < 4; i++)
                        {
                            if (scores[i] > offsets[bit + i])
                            {
                                codes[(row * Words) + ((bit + i) >> 6)] |= 1UL << ((bit + i) & 63);
                            }
                        }
                    }
                }
            });
        return codes;
    }

    private static ulong[] BandMasks(SimHashPlan plan, Random random)
    {
        var masks = new ulong[plan.Bands * Words];
        var bits = Enumerable.Range(0, Bits).ToArray();
        for (var band = 0; band < plan.Bands; band++)
        {
            random.Shuffle(bits);
            foreach (var bit in bits.AsSpan(0, plan.BandBits))
            {
                masks[(band * Words) + (bit >> 6)] |= 1UL << (bit & 63);
            }
        }

        return masks;
    }

    private static bool AgreeOnEarlier(ulong[] codes, int a, int b, ulong[] masks, int band)
    {
        for (var earlier = 0; earlier < band; earlier++)
        {
            if (AgreeOn(codes, a, b, masks, earlier))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AgreeOn(ulong[] codes, int a, int b, ulong[] masks, int band)
    {
        for (var word = 0; word < Words; word++)
        {
            if (((codes[(a * Words) + word] ^ codes[(b * Words) + word]) & masks[(band * Words) + word]) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int Hamming(ulong[] codes, int a, int b)
    {
        var distance = 0;
        for (var word = 0; word < Words; word++)
        {
            distance += BitOperations.PopCount(codes[(a * Words) + word] ^ codes[(b * Words) + word]);
        }

        return distance;
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}

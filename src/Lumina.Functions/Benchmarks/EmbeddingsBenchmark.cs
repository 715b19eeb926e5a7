using System.Diagnostics;
using System.Numerics.Tensors;
using Lumina.Ml.Search;

namespace Lumina.Functions.Benchmarks;

/// <summary>
/// Semantic search and embedding near duplicates at catalog sizes, on <see cref="SyntheticEmbeddings"/>, in
/// memory (no database): what <see cref="EmbeddingIndex"/> does once a catalog's embeddings are loaded.
/// </summary>
public static class EmbeddingsBenchmark
{
    private const int Dimension = 512;
    private const int Seed = 15;

    /// <summary>Rows compared with every sampled row per parallel task of the recall's exact scan.</summary>
    private const int TruthChunk = 4_096;

    public static Task<EmbeddingsBenchmarkResult> RunAsync(
        IReadOnlyList<int> sizes, int queries, int k, float similarity, int runs, int sampledRows, CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            var before = LoadAverage();
            var results = sizes.Order().Select(size => Measure(size, queries, k, similarity, runs, sampledRows, cancellationToken)).ToList();
            return new EmbeddingsBenchmarkResult(Dimension, new EmbeddingIndex(Dimension).MaxParallelism, EmbeddingIndex.ScanKernel, before, LoadAverage(), results);
        },
        cancellationToken);

    private static EmbeddingsSizeResult Measure(int size, int queries, int k, float similarity, int runs, int sampledRows, CancellationToken cancellationToken)
    {
        var vectors = SyntheticEmbeddings.Generate(size, Dimension, Seed);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var index = new EmbeddingIndex(Dimension);
        for (var id = 0; id < size; id++)
        {
            index.Upsert(id, vectors.AsSpan(id * Dimension, Dimension));
        }

        var fillSeconds = clock.Elapsed.TotalSeconds;
        var heapBytes = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        var search = MeasureSearch(index, size, queries, k, cancellationToken);
        var duplicates = MeasureNearDuplicates(index, vectors, size, similarity, runs, sampledRows, cancellationToken);
        GC.KeepAlive(index);
        return new EmbeddingsSizeResult(
            size, Math.Round(fillSeconds, 2), index.BytesPerEmbedding, Math.Round(heapBytes / (double)size * 1_000_000 / (1024 * 1024)), search, duplicates);
    }

    private static EmbeddingSearchResult MeasureSearch(EmbeddingIndex index, int size, int queries, int k, CancellationToken cancellationToken)
    {
        var random = new Random(Seed);
        for (var i = 0; i < 3; i++)
        {
            index.Search(SyntheticEmbeddings.Query(random, size, Dimension, Seed), k, cancellationToken);
        }

        var fast = new double[queries];
        var exact = new double[queries];
        var recall = 0.0;
        var identical = 0;
        for (var i = 0; i < queries; i++)
        {
            var query = SyntheticEmbeddings.Query(random, size, Dimension, Seed);
            var clock = Stopwatch.StartNew();
            var hits = index.Search(query, k, cancellationToken);
            fast[i] = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var truth = index.SearchExact(query, k, cancellationToken);
            exact[i] = clock.Elapsed.TotalMilliseconds;
            recall += truth.Select(h => h.ImageId).Intersect(hits.Select(h => h.ImageId)).Count() / (double)truth.Count;
            identical += hits.SequenceEqual(truth) ? 1 : 0;
        }

        return new EmbeddingSearchResult(
            queries, k, Math.Round(Median(fast), 2), Math.Round(Percentile(fast, 0.95), 2), Math.Round(Median(exact), 2), Math.Round(recall / queries, 4), identical);
    }

    private static NearDuplicateResult MeasureNearDuplicates(
        EmbeddingIndex index, float[] vectors, int size, float similarity, int runs, int sampledRows, CancellationToken cancellationToken)
    {
        var seconds = new List<double>();
        IReadOnlyList<DuplicatePair> pairs = [];
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            pairs = index.FindNearDuplicates(similarity, cancellationToken);
            seconds.Add(Math.Round(clock.Elapsed.TotalSeconds, 2));
        }

        var found = pairs.Select(p => (p.First, p.Second)).ToHashSet();
        var sample = new Random(Seed).GetItems(Enumerable.Range(0, size).ToArray(), Math.Min(sampledRows, size)).Distinct().ToArray();
        // Data rows outside, sampled rows inside: the million rows stream from memory once, not once per sampled row.
        var chunks = (size + TruthChunk - 1) / TruthChunk;
        var truth = new List<(long, long)>[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = index.MaxParallelism, CancellationToken = cancellationToken }, chunk =>
        {
            truth[chunk] = [];
            for (var other = chunk * TruthChunk; other < Math.Min(size, (chunk + 1) * TruthChunk); other++)
            {
                var of = vectors.AsSpan(other * Dimension, Dimension);
                foreach (var row in sample)
                {
                    if (other != row && TensorPrimitives.Dot(vectors.AsSpan(row * Dimension, Dimension), of) >= similarity)
                    {
                        truth[chunk].Add((Math.Min(row, other), Math.Max(row, other)));
                    }
                }
            }
        });

        var exact = truth.SelectMany(t => t).Distinct().ToList();
        var hit = exact.Count(found.Contains);
        return new NearDuplicateResult(
            Math.Round(similarity, 4), index.DescribeNearDuplicateSearch(similarity), Median([.. seconds]), seconds, pairs.Count, sample.Length, exact.Count, hit,
            exact.Count == 0 ? 1 : Math.Round(hit / (double)exact.Count, 4));
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static double Median(double[] values) => Percentile(values, 0.5);

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(double[] values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

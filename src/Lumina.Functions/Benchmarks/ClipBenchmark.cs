using System.Diagnostics;
using System.Text.Json.Serialization;
using Lumina.Ml;
using Lumina.Ml.Clip;
using Lumina.Ml.Search;

namespace Lumina.Functions.Benchmarks;

/// <summary>Image embeddings per second on CPU.</summary>
public sealed record ClipEncoderBenchmark(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("model_identity")] string ModelIdentity,
    [property: JsonPropertyName("onnxruntime_version")] string OnnxRuntimeVersion,
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("batch_size")] int BatchSize,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("embeddings_per_second")] double EmbeddingsPerSecond);

/// <summary>Latency of semantic search queries over stored embeddings.</summary>
public sealed record ClipSearchBenchmark(
    [property: JsonPropertyName("embeddings")] int Embeddings,
    [property: JsonPropertyName("dimension")] int Dimension,
    [property: JsonPropertyName("queries")] int Queries,
    [property: JsonPropertyName("k")] int K,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("search_ms_median")] double SearchMsMedian,
    [property: JsonPropertyName("search_ms_p95")] double SearchMsP95);

/// <summary>Measures the CLIP pieces on synthetic input: encoder throughput and search latency.</summary>
public static class ClipBenchmark
{
    /// <summary>
    /// Encodes <paramref name="images"/> synthetic images with the image encoder of a model folder, or
    /// of a single vision model file, after one warm-up batch that is not timed.
    /// </summary>
    public static async Task<ClipEncoderBenchmark> MeasureImageEncoderAsync(string modelPath, int images = 64, int batchSize = 16, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(images, 1);
        var options = new ClipEncoderOptions { BatchSize = batchSize };
        using var model = Directory.Exists(modelPath) ? await ClipModel.LoadAsync(modelPath, options, cancellationToken) : null;
        using var file = model is null ? await ClipImageEncoder.OpenAsync(modelPath, options: options, cancellationToken: cancellationToken) : null;
        var encoder = model?.Images ?? file!;

        var random = new Random(1);
        var inputs = Enumerable.Range(0, images).Select(_ => (ReadOnlyMemory<byte>)RandomBytes(random, encoder.Preprocessing.ImageBytes)).ToList();
        encoder.Encode(inputs[..Math.Min(encoder.BatchSize, images)], cancellationToken);

        var clock = Stopwatch.StartNew();
        encoder.Encode(inputs, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        return new ClipEncoderBenchmark(modelPath, encoder.Identity.ToString(), ClipModel.RuntimeVersion, images, encoder.BatchSize, seconds, images / seconds);
    }

    /// <summary>
    /// Fills an index with <paramref name="embeddings"/> random unit vectors and times
    /// <paramref name="queries"/> top-<paramref name="k"/> searches for random unit queries, after a few untimed ones.
    /// </summary>
    public static Task<ClipSearchBenchmark> MeasureSearchAsync(
        int embeddings = 100_000,
        int queries = 100,
        int k = 10,
        int dimension = 512,
        CancellationToken cancellationToken = default) => Task.Run(
        () =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(queries, 1);
            var random = new Random(2);
            var index = new EmbeddingIndex(dimension);
            for (var id = 0; id < embeddings; id++)
            {
                index.Upsert(id, RandomUnit(random, dimension));
            }

            for (var i = 0; i < 3; i++)
            {
                index.Search(RandomUnit(random, dimension), k, cancellationToken);
            }

            var milliseconds = new double[queries];
            for (var i = 0; i < queries; i++)
            {
                var query = RandomUnit(random, dimension);
                var clock = Stopwatch.StartNew();
                index.Search(query, k, cancellationToken);
                milliseconds[i] = clock.Elapsed.TotalMilliseconds;
            }

            Array.Sort(milliseconds);
            return new ClipSearchBenchmark(
                embeddings, dimension, queries, k, index.MaxParallelism, Percentile(milliseconds, 0.5), Percentile(milliseconds, 0.95));
        },
        cancellationToken);

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double fraction) => sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static float[] RandomUnit(Random random, int dimension)
    {
        var vector = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return Embeddings.Normalized(vector);
    }
}

using System.Text.Json.Serialization;

namespace Lumina.Functions.Benchmarks;

/// <summary>What <c>lumina bench embeddings</c> measured, per number of synthetic embeddings, with the load average before and after.</summary>
public sealed record EmbeddingsBenchmarkResult(
    [property: JsonPropertyName("dimension")] int Dimension,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("kernel")] string Kernel,
    [property: JsonPropertyName("load_average_before")] string LoadAverageBefore,
    [property: JsonPropertyName("load_average_after")] string LoadAverageAfter,
    [property: JsonPropertyName("sizes")] IReadOnlyList<EmbeddingsSizeResult> Sizes);

/// <summary>
/// One size: the index's memory (as computed from its arrays, and as measured on the managed heap), the time to
/// fill it, search latency and recall against the exact scan, and near-duplicate time and recall.
/// </summary>
public sealed record EmbeddingsSizeResult(
    [property: JsonPropertyName("embeddings")] int Embeddings,
    [property: JsonPropertyName("fill_seconds")] double FillSeconds,
    [property: JsonPropertyName("bytes_per_embedding")] int BytesPerEmbedding,
    [property: JsonPropertyName("measured_mb_per_million")] double MeasuredMbPerMillion,
    [property: JsonPropertyName("search")] EmbeddingSearchResult Search,
    [property: JsonPropertyName("near_duplicates")] NearDuplicateResult NearDuplicates);

/// <summary>
/// Top-k searches for text-like queries: the byte scan with exact re-ranking against the exact float scan.
/// Recall is the share of the exact top k that the search returned, averaged over the queries.
/// </summary>
public sealed record EmbeddingSearchResult(
    [property: JsonPropertyName("queries")] int Queries,
    [property: JsonPropertyName("k")] int K,
    [property: JsonPropertyName("ms_median")] double MsMedian,
    [property: JsonPropertyName("ms_p95")] double MsP95,
    [property: JsonPropertyName("exact_ms_median")] double ExactMsMedian,
    [property: JsonPropertyName("recall_at_k")] double RecallAtK,
    [property: JsonPropertyName("queries_identical_to_exact")] int QueriesIdenticalToExact);

/// <summary>
/// The pairs at or above a cosine, found as <c>detect-duplicates --use-embeddings</c> finds them: the median
/// seconds of the runs, and recall against an exact scan of every embedding for each of <see cref="SampledRows"/>
/// random rows (the pairs that involve one of them).
/// </summary>
public sealed record NearDuplicateResult(
    [property: JsonPropertyName("similarity")] double Similarity,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("seconds_median")] double SecondsMedian,
    [property: JsonPropertyName("seconds")] IReadOnlyList<double> Seconds,
    [property: JsonPropertyName("pairs")] int Pairs,
    [property: JsonPropertyName("sampled_rows")] int SampledRows,
    [property: JsonPropertyName("sampled_exact_pairs")] int SampledExactPairs,
    [property: JsonPropertyName("sampled_pairs_found")] int SampledPairsFound,
    [property: JsonPropertyName("recall")] double Recall);

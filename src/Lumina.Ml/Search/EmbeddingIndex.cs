using System.Numerics.Tensors;

namespace Lumina.Ml.Search;

/// <summary>
/// Image embeddings held in memory in one contiguous array of floats and a copy in signed bytes
/// (<see cref="QuantizedRows"/>). A search scans the bytes (a quarter of the floats' memory traffic) with
/// integer SIMD dot products over up to <see cref="MaxParallelism"/> threads, keeps the best
/// <see cref="Candidates"/> in a bounded heap and re-ranks them on the floats, so the scores returned are
/// exact and the hits are the exact scan's unless quantization pushed one out of the candidates
/// (<see cref="SearchExact"/> is the exact scan). Embeddings are stored L2-normalized, so scores are cosine
/// similarities. Memory: <see cref="BytesPerEmbedding"/> per embedding (2,604 at 512 dimensions: 2.6 GB per
/// million). Thread-safe: searches run together, changes wait for them.
/// </summary>
public sealed class EmbeddingIndex
{
    /// <summary>Below this many embeddings a search runs on one thread; splitting would cost more than it saves.</summary>
    private const int RowsPerThread = 16_384;

    /// <summary>Rows compared as one block in <see cref="FindNearDuplicates"/>: 64 x 512 floats stay in cache.</summary>
    private const int DuplicateBlock = 64;

    /// <summary>Below this many embeddings a search scans the floats: the whole scan costs less than a millisecond.</summary>
    private const int ExactSearchBelow = 10_000;

    /// <summary>A <see cref="Dictionary{TKey, TValue}"/> entry of a long and an int, and its bucket.</summary>
    private const int BytesPerMapEntry = 28;

    private readonly ReaderWriterLockSlim gate = new();
    private readonly Dictionary<long, int> rowOf = [];
    private readonly QuantizedRows quantized;
    private float[] vectors;
    private long[] ids;

    /// <param name="dimension">The embedding length (512 for ViT-B/32).</param>
    /// <param name="maxParallelism">Threads a search or duplicate scan may use. Default: 2, or fewer cores.</param>
    public EmbeddingIndex(int dimension, int maxParallelism = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelism, 1);
        Dimension = dimension;
        MaxParallelism = Math.Min(maxParallelism, Environment.ProcessorCount);
        vectors = new float[dimension * 1024];
        ids = new long[1024];
        quantized = new QuantizedRows(dimension, 1024);
    }

    public int Dimension { get; }

    public int MaxParallelism { get; }

    /// <summary>Memory held per embedding: its floats, its bytes with their scale and sum, its id and its map entry.</summary>
    public int BytesPerEmbedding => (Dimension * sizeof(float)) + quantized.BytesPerRow + sizeof(long) + BytesPerMapEntry;

    /// <summary>Which integer dot product kernel the byte scans use here ("avx-vnni", "avx2" or "scalar").</summary>
    public static string ScanKernel => Int8Dot.Kernel;

    /// <summary>How many best rows of the byte scan a top-<paramref name="k"/> search re-ranks exactly.</summary>
    public static int Candidates(int k) => k + Math.Max(64, 3 * k);

    public int Count
    {
        get
        {
            gate.EnterReadLock();
            try
            {
                return rowOf.Count;
            }
            finally
            {
                gate.ExitReadLock();
            }
        }
    }

    /// <summary>Adds an image's embedding, or replaces the one it had. The stored copy is normalized.</summary>
    public void Upsert(long imageId, ReadOnlySpan<float> embedding)
    {
        CheckLength(embedding);
        gate.EnterWriteLock();
        try
        {
            if (!rowOf.TryGetValue(imageId, out var row))
            {
                row = rowOf.Count;
                if (row == ids.Length)
                {
                    Array.Resize(ref ids, ids.Length * 2);
                    Array.Resize(ref vectors, vectors.Length * 2);
                    quantized.Resize(ids.Length);
                }

                rowOf[imageId] = row;
                ids[row] = imageId;
            }

            var stored = Row(row);
            embedding.CopyTo(stored);
            Embeddings.Normalize(stored);
            quantized.Set(row, stored);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>Removes an image; the last row moves into its place. False when the image was not there.</summary>
    public bool Remove(long imageId)
    {
        gate.EnterWriteLock();
        try
        {
            if (!rowOf.Remove(imageId, out var row))
            {
                return false;
            }

            var last = rowOf.Count;
            if (row != last)
            {
                Row(last).CopyTo(Row(row));
                quantized.Move(last, row);
                ids[row] = ids[last];
                rowOf[ids[row]] = row;
            }

            return true;
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    public bool Contains(long imageId)
    {
        gate.EnterReadLock();
        try
        {
            return rowOf.ContainsKey(imageId);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>The k images most similar to a query embedding (e.g. a text embedding), best first, with exact scores.</summary>
    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k, CancellationToken cancellationToken = default)
    {
        CheckLength(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var normalized = Embeddings.Normalized(query);
        gate.EnterReadLock();
        try
        {
            return ScanQuantized(normalized, k, excludedRow: -1, cancellationToken);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>The exact answer <see cref="Search"/> approximates: every stored float embedding compared with the query.</summary>
    public IReadOnlyList<SearchHit> SearchExact(ReadOnlySpan<float> query, int k, CancellationToken cancellationToken = default)
    {
        CheckLength(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var normalized = Embeddings.Normalized(query);
        gate.EnterReadLock();
        try
        {
            return Scan(normalized, k, excludedRow: -1, cancellationToken);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>The k images most similar to a stored image, itself excluded; false when the image is not in the index.</summary>
    public bool TrySearchSimilar(long imageId, int k, out IReadOnlyList<SearchHit> hits, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        gate.EnterReadLock();
        try
        {
            if (!rowOf.TryGetValue(imageId, out var row))
            {
                hits = [];
                return false;
            }

            hits = ScanQuantized(Row(row).ToArray(), k, row, cancellationToken);
            return true;
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Every pair of images with cosine similarity at or above <paramref name="threshold"/>, most similar first,
    /// each with the exact cosine of its float embeddings. From 5,000 embeddings on, when it costs less than
    /// comparing every pair, pairs are found through random-hyperplane hashing (<see cref="SimHashPairs"/>): about
    /// n × (256 d + bands) time, the bands growing slowly with n, and at least 99 % of the pairs found on generated
    /// data (measured by the tests and <c>bench embeddings</c>); else all n(n-1)/2 pairs are compared, O(n² d) time, in cache-sized blocks. Both
    /// use <see cref="MaxParallelism"/> threads and report only pairs whose exact cosine reaches the threshold.
    /// Changes to the index wait until it ends. For images added later, <see cref="TrySearchSimilar"/> per new
    /// image finds their pairs in O(n d) each.
    /// </summary>
    public IReadOnlyList<DuplicatePair> FindNearDuplicates(float threshold, CancellationToken cancellationToken = default) =>
        FindNearDuplicates(threshold, hashed: null, cancellationToken);

    /// <summary>How <see cref="FindNearDuplicates(float, CancellationToken)"/> would search at this threshold, in words.</summary>
    public string DescribeNearDuplicateSearch(float threshold)
    {
        gate.EnterReadLock();
        try
        {
            var plan = new SimHashPairs(vectors, quantized, rowOf.Count, Dimension, MaxParallelism).Plan(threshold);
            return plan.BeatsExact
                ? $"simhash: {plan.Bands} bands of {plan.BandBits} of {SimHashPairs.Bits} bits, candidates within {plan.MaxHamming} bits checked exactly"
                : "exact: every pair compared";
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <param name="hashed">True to hash, false to compare every pair, null to choose by cost.</param>
    internal IReadOnlyList<DuplicatePair> FindNearDuplicates(float threshold, bool? hashed, CancellationToken cancellationToken)
    {
        gate.EnterReadLock();
        try
        {
            var hashing = new SimHashPairs(vectors, quantized, rowOf.Count, Dimension, MaxParallelism);
            var plan = hashing.Plan(threshold);
            var pairs = hashed ?? plan.BeatsExact ? hashing.Find(threshold, plan, cancellationToken) : AllPairsAbove(threshold, cancellationToken);
            return [.. pairs.Select(p => ids[p.First] < ids[p.Second] ? new DuplicatePair(ids[p.First], ids[p.Second], p.Cosine) : new DuplicatePair(ids[p.Second], ids[p.First], p.Cosine))
                .OrderByDescending(p => p.Cosine).ThenBy(p => p.First).ThenBy(p => p.Second)];
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    private List<(int First, int Second, float Cosine)> AllPairsAbove(float threshold, CancellationToken cancellationToken)
    {
        var blocks = (rowOf.Count + DuplicateBlock - 1) / DuplicateBlock;
        var found = new List<(int, int, float)>[blocks];
        Parallel.For(
            0,
            blocks,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelism, CancellationToken = cancellationToken },
            block => found[block] = PairsFromBlock(block, threshold));
        return [.. found.SelectMany(pairs => pairs)];
    }

    /// <summary>Row pairs (a, b) with a in the block and b after a.</summary>
    private List<(int, int, float)> PairsFromBlock(int block, float threshold)
    {
        var count = rowOf.Count;
        var start = block * DuplicateBlock;
        var end = Math.Min(start + DuplicateBlock, count);
        var pairs = new List<(int, int, float)>();
        for (var otherStart = start; otherStart < count; otherStart += DuplicateBlock)
        {
            var otherEnd = Math.Min(otherStart + DuplicateBlock, count);
            for (var a = start; a < end; a++)
            {
                var first = Row(a);
                for (var b = Math.Max(a + 1, otherStart); b < otherEnd; b++)
                {
                    var cosine = TensorPrimitives.Dot(first, Row(b));
                    if (cosine >= threshold)
                    {
                        pairs.Add((a, b, cosine));
                    }
                }
            }
        }

        return pairs;
    }

    /// <summary>The best <see cref="Candidates"/> rows by their bytes' scores, re-ranked on their floats.</summary>
    private SearchHit[] ScanQuantized(float[] query, int k, int excludedRow, CancellationToken cancellationToken)
    {
        var count = rowOf.Count;
        if (count < ExactSearchBelow)
        {
            return Scan(query, k, excludedRow, cancellationToken);
        }

        var prepared = quantized.Prepare(query);
        var candidates = Candidates(k);
        var threads = Math.Clamp(count / RowsPerThread, 1, MaxParallelism);
        var parts = new TopK[threads];
        Parallel.For(
            0,
            threads,
            new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken },
            part =>
            {
                var best = parts[part] = new TopK(candidates);
                var end = (int)((long)count * (part + 1) / threads);
                for (var row = (int)((long)count * part / threads); row < end; row++)
                {
                    var score = quantized.Score(prepared, row);
                    if (score > best.Floor && row != excludedRow)
                    {
                        best.Offer(row, score);
                    }
                }
            });

        var exact = new TopK(k);
        foreach (var (row, _) in parts.SelectMany(part => part.Items))
        {
            exact.Offer(row, TensorPrimitives.Dot(query, Row(row)));
        }

        return Hits(exact);
    }

    private SearchHit[] Scan(float[] query, int k, int excludedRow, CancellationToken cancellationToken)
    {
        var count = rowOf.Count;
        var threads = Math.Clamp(count / RowsPerThread, 1, MaxParallelism);
        var best = new TopK(k);
        if (threads == 1)
        {
            ScanRows(query, 0, count, excludedRow, best);
        }
        else
        {
            var parts = new TopK[threads];
            Parallel.For(
                0,
                threads,
                new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken },
                part =>
                {
                    parts[part] = new TopK(k);
                    ScanRows(query, (int)((long)count * part / threads), (int)((long)count * (part + 1) / threads), excludedRow, parts[part]);
                });
            foreach (var part in parts)
            {
                part.AddTo(best);
            }
        }

        return Hits(best);
    }

    private SearchHit[] Hits(TopK best) =>
        [.. best.Items.Select(item => new SearchHit(ids[item.Row], item.Score)).OrderByDescending(hit => hit.Score).ThenBy(hit => hit.ImageId)];

    private void ScanRows(float[] query, int start, int end, int excludedRow, TopK best)
    {
        for (var row = start; row < end; row++)
        {
            var score = TensorPrimitives.Dot(query, Row(row));
            if (score > best.Floor && row != excludedRow)
            {
                best.Offer(row, score);
            }
        }
    }

    private Span<float> Row(int row) => vectors.AsSpan(row * Dimension, Dimension);

    private void CheckLength(ReadOnlySpan<float> embedding)
    {
        if (embedding.Length != Dimension)
        {
            throw new ArgumentException($"The index holds {Dimension}-dimensional embeddings; this one has {embedding.Length}.", nameof(embedding));
        }
    }
}

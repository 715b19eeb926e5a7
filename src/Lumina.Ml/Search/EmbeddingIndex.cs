using System.Numerics.Tensors;

namespace Lumina.Ml.Search;

/// <summary>
/// Image embeddings held in memory in one contiguous array, searched by exact scan: a SIMD dot product
/// (<see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>) per stored embedding
/// and a bounded heap for the best k, split over up to <see cref="MaxParallelism"/> threads. Embeddings
/// are stored L2-normalized, so scores are cosine similarities. Thread-safe: searches run together,
/// changes wait for them.
/// </summary>
public sealed class EmbeddingIndex
{
    /// <summary>Below this many embeddings a search runs on one thread; splitting would cost more than it saves.</summary>
    private const int RowsPerThread = 16_384;

    /// <summary>Rows compared as one block in <see cref="FindNearDuplicates"/>: 64 x 512 floats stay in cache.</summary>
    private const int DuplicateBlock = 64;

    private readonly ReaderWriterLockSlim gate = new();
    private readonly Dictionary<long, int> rowOf = [];
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
    }

    public int Dimension { get; }

    public int MaxParallelism { get; }

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
                }

                rowOf[imageId] = row;
                ids[row] = imageId;
            }

            var stored = Row(row);
            embedding.CopyTo(stored);
            Embeddings.Normalize(stored);
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

    /// <summary>The k images most similar to a query embedding (e.g. a text embedding), best first.</summary>
    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k, CancellationToken cancellationToken = default)
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

            hits = Scan(Row(row).ToArray(), k, row, cancellationToken);
            return true;
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Every pair of images with cosine similarity at or above <paramref name="threshold"/>, most similar first.
    /// Exact: all n(n-1)/2 pairs are compared, O(n² d) time (d the dimension), in cache-sized blocks
    /// over <see cref="MaxParallelism"/> threads; memory beyond the index is the pairs found. Changes
    /// to the index wait until it ends. For images added later, <see cref="TrySearchSimilar"/> per new
    /// image finds their pairs in O(n d) each.
    /// </summary>
    public IReadOnlyList<DuplicatePair> FindNearDuplicates(float threshold, CancellationToken cancellationToken = default)
    {
        gate.EnterReadLock();
        try
        {
            var blocks = (rowOf.Count + DuplicateBlock - 1) / DuplicateBlock;
            var found = new List<DuplicatePair>[blocks];
            Parallel.For(
                0,
                blocks,
                new ParallelOptions { MaxDegreeOfParallelism = MaxParallelism, CancellationToken = cancellationToken },
                block => found[block] = PairsFromBlock(block, threshold));
            return [.. found.SelectMany(pairs => pairs).OrderByDescending(p => p.Cosine).ThenBy(p => p.First).ThenBy(p => p.Second)];
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>Pairs (a, b) with a in the block and b after a.</summary>
    private List<DuplicatePair> PairsFromBlock(int block, float threshold)
    {
        var count = rowOf.Count;
        var start = block * DuplicateBlock;
        var end = Math.Min(start + DuplicateBlock, count);
        var pairs = new List<DuplicatePair>();
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
                        pairs.Add(ids[a] < ids[b] ? new DuplicatePair(ids[a], ids[b], cosine) : new DuplicatePair(ids[b], ids[a], cosine));
                    }
                }
            }
        }

        return pairs;
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

        return [.. best.Items.Select(item => new SearchHit(ids[item.Row], item.Score)).OrderByDescending(hit => hit.Score).ThenBy(hit => hit.ImageId)];
    }

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

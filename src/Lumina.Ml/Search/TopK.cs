namespace Lumina.Ml.Search;

/// <summary>The k best-scoring rows seen so far, kept in a min-heap of size k so each offer costs O(log k) at most.</summary>
internal sealed class TopK(int k)
{
    private readonly PriorityQueue<int, float> heap = new(k + 1);

    /// <summary>The score a row must beat to enter once the heap is full.</summary>
    public float Floor { get; private set; } = float.NegativeInfinity;

    public void Offer(int row, float score)
    {
        if (heap.Count < k)
        {
            heap.Enqueue(row, score);
        }
        else if (score > Floor)
        {
            heap.EnqueueDequeue(row, score);
        }
        else
        {
            return;
        }

        if (heap.Count == k)
        {
            heap.TryPeek(out _, out var lowest);
            Floor = lowest;
        }
    }

    public void AddTo(TopK other)
    {
        foreach (var (row, score) in heap.UnorderedItems)
        {
            other.Offer(row, score);
        }
    }

    public IEnumerable<(int Row, float Score)> Items => heap.UnorderedItems.Select(item => (item.Element, item.Priority));
}

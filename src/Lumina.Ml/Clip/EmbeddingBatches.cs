namespace Lumina.Ml.Clip;

/// <summary>Runs an encoder over items in batches and collects one unit-length embedding per item.</summary>
internal sealed class EmbeddingBatches(EncoderSession session, EncoderNode output, int batchSize, bool fixedBatch)
{
    /// <summary>Runs every batch.</summary>
    /// <param name="count">How many items.</param>
    /// <param name="inputsFor">
    /// The inputs for items [start, start + rows), shaped for <c>batchRows</c> rows; rows past the items
    /// (padding a fixed-size batch) must be filled with something valid.
    /// </param>
    public float[][] Run(int count, Func<int, int, int, IReadOnlyList<EncoderInput>> inputsFor, CancellationToken cancellationToken)
    {
        var embeddings = new float[count][];
        for (var start = 0; start < count; start += batchSize)
        {
            var rows = Math.Min(batchSize, count - start);
            var batchRows = fixedBatch ? batchSize : rows;
            var (values, shape) = session.Run(inputsFor(start, rows, batchRows), output.Name, cancellationToken);
            if (shape.Length != 2 || shape[0] != batchRows)
            {
                throw EncoderSignature.Mismatch(session, $"{output.Name} of shape [{batchRows}, dimension] for {batchRows} inputs, not [{string.Join(',', shape)}]");
            }

            var dimension = (int)shape[1];
            for (var row = 0; row < rows; row++)
            {
                embeddings[start + row] = Embeddings.Normalized(values.AsSpan(row * dimension, dimension));
            }
        }

        return embeddings;
    }
}

using Lumina.Ml.Onnx;

namespace Lumina.Ml.Clip;

/// <summary>Runs an encoder over items in batches and collects one unit-length embedding per item.</summary>
internal sealed class EmbeddingBatches(OnnxSession session, OnnxNodeInfo output, int batchSize, bool fixedBatch)
{
    /// <summary>Runs every batch.</summary>
    /// <param name="count">How many items.</param>
    /// <param name="inputsFor">
    /// The input tensors for items [start, start + rows), shaped for <c>batchRows</c> rows; rows past
    /// the items (padding a fixed-size batch) must be filled with something valid. They are disposed here.
    /// </param>
    public float[][] Run(int count, Func<int, int, int, List<(string Name, OnnxTensor Tensor)>> inputsFor, CancellationToken cancellationToken)
    {
        var embeddings = new float[count][];
        for (var start = 0; start < count; start += batchSize)
        {
            var rows = Math.Min(batchSize, count - start);
            var batchRows = fixedBatch ? batchSize : rows;
            var inputs = inputsFor(start, rows, batchRows);
            try
            {
                using var result = session.Run(inputs, [output.Name], cancellationToken)[0];
                if (result.Shape.Count != 2 || result.Shape[0] != batchRows)
                {
                    throw EncoderSignature.Mismatch(session, $"{output.Name} of shape [{batchRows}, dimension] for {batchRows} inputs, not [{string.Join(',', result.Shape)}]");
                }

                var dimension = (int)result.Shape[1];
                var values = result.ToArray<float>();
                for (var row = 0; row < rows; row++)
                {
                    embeddings[start + row] = Embeddings.Normalized(values.AsSpan(row * dimension, dimension));
                }
            }
            finally
            {
                foreach (var (_, tensor) in inputs)
                {
                    tensor.Dispose();
                }
            }
        }

        return embeddings;
    }
}

using System.Numerics.Tensors;

namespace Lumina.Ml;

/// <summary>Operations on embedding vectors.</summary>
public static class Embeddings
{
    /// <summary>Scales a vector to unit length in place; a zero vector stays zero.</summary>
    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>A unit-length copy of a vector.</summary>
    public static float[] Normalized(ReadOnlySpan<float> vector)
    {
        var copy = vector.ToArray();
        Normalize(copy);
        return copy;
    }
}

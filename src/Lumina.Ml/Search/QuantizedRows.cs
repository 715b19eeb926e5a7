using System.Numerics.Tensors;

namespace Lumina.Ml.Search;

/// <summary>
/// Rows of floats kept as signed bytes, each row scaled so that its largest magnitude is 127, for fast
/// approximate dot products: a quarter of the memory of the floats, so a scan reads a quarter of the bytes.
/// A query is quantized the same way and shifted by 128 into unsigned bytes (what <see cref="Int8Dot"/> needs);
/// the shift is undone with each row's sum of bytes.
/// </summary>
internal sealed class QuantizedRows(int dimension, int capacity)
{
    private sbyte[] codes = new sbyte[dimension * capacity];
    private float[] unscale = new float[capacity];
    private int[] sums = new int[capacity];

    /// <summary>Bytes held per row: the codes, the scale and the sum.</summary>
    public int BytesPerRow => dimension + sizeof(float) + sizeof(int);

    public void Resize(int rows)
    {
        Array.Resize(ref codes, dimension * rows);
        Array.Resize(ref unscale, rows);
        Array.Resize(ref sums, rows);
    }

    public void Set(int row, ReadOnlySpan<float> vector)
    {
        var target = Codes(row);
        unscale[row] = Quantize(vector, target);
        var sum = 0;
        foreach (var code in target)
        {
            sum += code;
        }

        sums[row] = sum;
    }

    public void Move(int from, int to)
    {
        Codes(from).CopyTo(Codes(to));
        unscale[to] = unscale[from];
        sums[to] = sums[from];
    }

    /// <summary>The query as shifted bytes, and the factor that turns its integer dot products back into floats.</summary>
    public Query Prepare(ReadOnlySpan<float> query)
    {
        var signed = new sbyte[dimension];
        var factor = Quantize(query, signed);
        var shifted = new byte[dimension];
        for (var i = 0; i < dimension; i++)
        {
            shifted[i] = (byte)(signed[i] + 128);
        }

        return new Query(shifted, factor);
    }

    /// <summary>The approximate dot product of a prepared query with a row.</summary>
    public float Score(Query query, int row) =>
        (Int8Dot.Dot(query.Shifted, Codes(row)) - (128 * sums[row])) * unscale[row] * query.Unscale;

    /// <summary>The approximate dot products of four prepared queries (from <paramref name="first"/> on) with a row.</summary>
    public void Score4(Query[] queries, int first, int row, Span<float> scores)
    {
        Span<int> sums4 = stackalloc int[4];
        Int8Dot.Dot4(queries[first].Shifted, queries[first + 1].Shifted, queries[first + 2].Shifted, queries[first + 3].Shifted, Codes(row), sums4);
        for (var i = 0; i < 4; i++)
        {
            scores[i] = (sums4[i] - (128 * sums[row])) * unscale[row] * queries[first + i].Unscale;
        }
    }

    private Span<sbyte> Codes(int row) => codes.AsSpan(row * dimension, dimension);

    /// <summary>Writes round(v × 127 / max |v|) and returns max |v| / 127 (0 for a zero vector, whose codes are 0).</summary>
    private static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var largest = Math.Abs(TensorPrimitives.MaxMagnitude(vector));
        if (largest == 0 || !float.IsFinite(largest))
        {
            codes.Clear();
            return 0;
        }

        var scale = 127 / largest;
        for (var i = 0; i < vector.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * scale), -127, 127);
        }

        return largest / 127;
    }

    /// <summary>A query quantized for <see cref="Score"/>.</summary>
    public sealed record Query(byte[] Shifted, float Unscale);
}

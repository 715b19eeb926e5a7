namespace Lumina.Ml.Tests.OnnxModels;

/// <summary>
/// Tiny models with the signatures of CLIP's encoders, and what they compute, worked out in C#.
/// Vision: pixels [N,3,H,W] → mean over H,W → MatMul [3,512]. Text: ids [N,77] (times the attention
/// mask, when the model has one) → Cast to float → MatMul [77,512].
/// </summary>
internal static class TinyClip
{
    public const int Dimension = 512;
    public const int ImageSize = 224;
    public const int Context = 77;

    public static float[] VisionWeights { get; } = Weights(3, 1.7f);

    public static float[] TextWeights { get; } = Weights(Context, 0.3f);

    public static byte[] VisionModel(string input = "pixel_values", string output = "image_embeds", object? batch = null, int size = ImageSize)
    {
        batch ??= "batch";
        return new OnnxModelWriter()
            .Input(input, OnnxModelWriter.Float, batch, 3, size, size)
            .Output(output, OnnxModelWriter.Float, batch, Dimension)
            .FloatInitializer("visual_projection", VisionWeights, 3, Dimension)
            .Node("ReduceMean", [input], ["channel_means"], OnnxModelWriter.IntsAttribute("axes", 2, 3), OnnxModelWriter.IntAttribute("keepdims", 0))
            .Node("MatMul", ["channel_means", "visual_projection"], [output])
            .ToBytes();
    }

    public static byte[] TextModel(
        string input = "input_ids",
        int idType = OnnxModelWriter.Int64,
        string? mask = null,
        string output = "text_embeds",
        object? batch = null,
        object? sequence = null)
    {
        batch ??= "batch";
        sequence ??= Context;
        var model = new OnnxModelWriter()
            .Input(input, idType, batch, sequence)
            .Output(output, OnnxModelWriter.Float, batch, Dimension)
            .FloatInitializer("text_projection", TextWeights, Context, Dimension)
            .Node("Cast", [input], ["ids_float"], OnnxModelWriter.IntAttribute("to", OnnxModelWriter.Float));
        if (mask is null)
        {
            return model.Node("MatMul", ["ids_float", "text_projection"], [output]).ToBytes();
        }

        return model
            .Input(mask, idType, batch, sequence)
            .Node("Cast", [mask], ["mask_float"], OnnxModelWriter.IntAttribute("to", OnnxModelWriter.Float))
            .Node("Mul", ["ids_float", "mask_float"], ["masked_ids"])
            .Node("MatMul", ["masked_ids", "text_projection"], [output])
            .ToBytes();
    }

    /// <summary>The vision model's raw output for one image given as [3,H,W] floats.</summary>
    public static float[] VisionOutput(ReadOnlySpan<float> chw)
    {
        var plane = chw.Length / 3;
        var means = new double[3];
        for (var c = 0; c < 3; c++)
        {
            foreach (var value in chw.Slice(c * plane, plane))
            {
                means[c] += value;
            }

            means[c] /= plane;
        }

        return Project(means, VisionWeights);
    }

    /// <summary>The text model's raw output for one row of ids (masked when a mask is given).</summary>
    public static float[] TextOutput(ReadOnlySpan<long> ids, ReadOnlySpan<long> mask = default)
    {
        var row = new double[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            row[i] = mask.IsEmpty ? ids[i] : ids[i] * mask[i];
        }

        return Project(row, TextWeights);
    }

    public static float[] Normalized(float[] vector)
    {
        var norm = Math.Sqrt(vector.Sum(v => (double)v * v));
        return [.. vector.Select(v => (float)(v / norm))];
    }

    private static float[] Project(double[] row, float[] weights)
    {
        var result = new float[Dimension];
        for (var j = 0; j < Dimension; j++)
        {
            double sum = 0;
            for (var k = 0; k < row.Length; k++)
            {
                sum += row[k] * weights[(k * Dimension) + j];
            }

            result[j] = (float)sum;
        }

        return result;
    }

    private static float[] Weights(int rows, float phase)
    {
        var weights = new float[rows * Dimension];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = MathF.Sin((i * 0.618f) + phase);
        }

        return weights;
    }
}

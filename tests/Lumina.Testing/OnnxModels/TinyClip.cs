namespace Lumina.Testing.OnnxModels;

/// <summary>
/// Tiny models with the signatures of CLIP's encoders, and what they compute, worked out in C#.
/// Vision: pixels [N,3,H,W] → mean over H,W → MatMul [3,512]. Text: ids [N,77] (times the attention
/// mask, when the model has one) → Cast to float → MatMul [77,512].
/// </summary>
public static class TinyClip
{
    public const int Dimension = 512;
    public const int ImageSize = 224;
    public const int Context = 77;

    public static float[] VisionWeights { get; } = Weights(3, Dimension, 1.7f);

    public static float[] TextWeights { get; } = Weights(Context, Dimension, 0.3f);

    /// <summary>OpenAI CLIP's normalization constants, written out here independently of the code under test.</summary>
    public static float[] ClipMean { get; } = [0.48145466f, 0.4578275f, 0.40821073f];

    public static float[] ClipStd { get; } = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>
    /// Writes a CLIP model folder in the Hugging Face layout: the tiny encoders and a small BPE merges list
    /// of its own (no download, no shared files). Returns the folder.
    /// </summary>
    public static string WriteModelFolder(string path)
    {
        Directory.CreateDirectory(System.IO.Path.Combine(path, "onnx"));
        File.WriteAllBytes(System.IO.Path.Combine(path, "onnx", "vision_model.onnx"), VisionModel());
        File.WriteAllBytes(System.IO.Path.Combine(path, "onnx", "text_model.onnx"), TextModel(mask: "attention_mask"));
        File.WriteAllText(System.IO.Path.Combine(path, "merges.txt"), "#version: 0.2\nt h\nth e</w>\na n\nan d</w>\nd o\ndo g</w>\nc a\nca t</w>\n");
        return path;
    }

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
        object? sequence = null,
        int dimension = Dimension)
    {
        batch ??= "batch";
        sequence ??= Context;
        var model = new OnnxModelWriter()
            .Input(input, idType, batch, sequence)
            .Output(output, OnnxModelWriter.Float, batch, dimension)
            .FloatInitializer("text_projection", dimension == Dimension ? TextWeights : Weights(Context, dimension, 0.3f), Context, dimension)
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

    /// <summary>What an encoder should return for one image of interleaved RGB bytes: normalized planes through the vision model, then L2-normalized.</summary>
    public static float[] ImageEmbedding(byte[] rgb, float[]? mean = null, float[]? std = null)
    {
        mean ??= ClipMean;
        std ??= ClipStd;
        var plane = rgb.Length / 3;
        var chw = new float[rgb.Length];
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                chw[(c * plane) + i] = (float)(((rgb[(3 * i) + c] / 255.0) - mean[c]) / std[c]);
            }
        }

        return Normalized(VisionOutput(chw));
    }

    /// <summary>What an encoder should return for one text's ids, padded to the context with <paramref name="pad"/>.</summary>
    public static float[] TextEmbedding(int[] ids, int pad, bool masked)
    {
        var row = Enumerable.Repeat((long)pad, Context).ToArray();
        var mask = new long[Context];
        for (var i = 0; i < ids.Length; i++)
        {
            row[i] = ids[i];
            mask[i] = 1;
        }

        return Normalized(TextOutput(row, masked ? mask : default));
    }

    public static byte[] RandomImage(int seed, int size = ImageSize)
    {
        var rgb = new byte[size * size * 3];
        new Random(seed).NextBytes(rgb);
        return rgb;
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

    private static float[] Weights(int rows, int columns, float phase)
    {
        var weights = new float[rows * columns];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = MathF.Sin((i * 0.618f) + phase);
        }

        return weights;
    }
}

using System.Text.Json;

namespace Lumina.Ml.Clip;

/// <summary>
/// The last step of CLIP's image preprocessing: 8-bit sRGB to (value / 255 - mean) / std per channel,
/// laid out as [3, Size, Size]. Resizing (shorter side to <see cref="Size"/>, bicubic) and the center
/// crop happen earlier, in the imaging pipeline's single decode.
/// </summary>
public sealed record ClipImagePreprocessing(int Size, IReadOnlyList<float> Mean, IReadOnlyList<float> Std)
{
    /// <summary>OpenAI CLIP's constants, used by ViT-B/32 at 224 pixels.</summary>
    public static ClipImagePreprocessing OpenAi { get; } = new(224, [0.48145466f, 0.4578275f, 0.40821073f], [0.26862954f, 0.26130258f, 0.27577711f]);

    /// <summary>Bytes of one input image: Size x Size pixels of interleaved R, G, B.</summary>
    public int ImageBytes => Size * Size * 3;

    /// <summary>
    /// Reads an Immich <c>preprocess_cfg.json</c> (size, mean, std) or a Hugging Face
    /// <c>preprocessor_config.json</c> (crop_size, image_mean, image_std); absent values keep OpenAI's.
    /// </summary>
    public static async Task<ClipImagePreprocessing> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var root = document.RootElement;
        try
        {
            return new ClipImagePreprocessing(
                SizeOf(root, "crop_size") ?? SizeOf(root, "size") ?? OpenAi.Size,
                Triple(root, "mean") ?? Triple(root, "image_mean") ?? OpenAi.Mean,
                Triple(root, "std") ?? Triple(root, "image_std") ?? OpenAi.Std);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ClipModelException($"'{path}' is not a CLIP preprocessing configuration: {e.Message}", e);
        }
    }

    /// <summary>Writes one image as normalized channel planes.</summary>
    /// <param name="rgb">Size x Size x 3 interleaved sRGB bytes.</param>
    /// <param name="chw">3 x Size x Size floats.</param>
    public void WriteChannelPlanes(ReadOnlySpan<byte> rgb, Span<float> chw)
    {
        var plane = Size * Size;
        if (rgb.Length != plane * 3 || chw.Length != plane * 3)
        {
            throw new ArgumentException($"Expected {plane * 3} bytes in and floats out for {Size}x{Size} RGB; got {rgb.Length} and {chw.Length}.");
        }

        Span<float> scale = stackalloc float[3];
        Span<float> offset = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            scale[c] = 1f / (255f * Std[c]);
            offset[c] = -Mean[c] / Std[c];
        }

        var red = chw[..plane];
        var green = chw.Slice(plane, plane);
        var blue = chw.Slice(2 * plane, plane);
        for (var i = 0; i < plane; i++)
        {
            red[i] = (rgb[3 * i] * scale[0]) + offset[0];
            green[i] = (rgb[(3 * i) + 1] * scale[1]) + offset[1];
            blue[i] = (rgb[(3 * i) + 2] * scale[2]) + offset[2];
        }
    }

    private static int? SizeOf(JsonElement root, string name) => root.TryGetProperty(name, out var size)
        ? size.ValueKind switch
        {
            JsonValueKind.Number => size.GetInt32(),
            JsonValueKind.Array => size[0].GetInt32(),
            JsonValueKind.Object when size.TryGetProperty("height", out var height) => height.GetInt32(),
            JsonValueKind.Object when size.TryGetProperty("shortest_edge", out var edge) => edge.GetInt32(),
            _ => null,
        }
        : null;

    private static float[]? Triple(JsonElement root, string name) => root.TryGetProperty(name, out var values) && values.ValueKind == JsonValueKind.Array
        ? values.GetArrayLength() == 3 ? [.. values.EnumerateArray().Select(v => v.GetSingle())] : throw new FormatException($"{name} should hold 3 numbers, one per channel.")
        : null;
}

namespace Lumina.Ml.Clip;

/// <summary>
/// CLIP's image tower: batches of square RGB images in, L2-normalized embeddings out. The input and
/// output names, the image size and any fixed batch size are read from the model. Thread-safe.
/// </summary>
public sealed class ClipImageEncoder : IDisposable
{
    private readonly EncoderSession session;
    private readonly EncoderNode input;
    private readonly EmbeddingBatches batches;

    private ClipImageEncoder(EncoderSession session, ClipImagePreprocessing preprocessing, ModelIdentity identity, ClipEncoderOptions options)
    {
        this.session = session;
        Identity = identity;
        input = session.Inputs.Count == 1 && session.Inputs[0] is { Rank: 4 } only && only.ElementType == typeof(float) && only.Shape[1] is 3 or -1
            ? only
            : throw EncoderSignature.Mismatch(session, "one float input of shape [batch, 3, height, width]");
        var output = EncoderSignature.EmbeddingOutput(session, "image_embeds", "embedding", "embeddings", "image_features");
        var (height, width) = (EncoderSignature.Fixed(input.Shape[2]), EncoderSignature.Fixed(input.Shape[3]));
        if (height != width)
        {
            throw EncoderSignature.Mismatch(session, "square images");
        }

        Preprocessing = height is { } size && size != preprocessing.Size ? preprocessing with { Size = size } : preprocessing;
        var fixedBatch = EncoderSignature.Fixed(input.Shape[0]);
        BatchSize = fixedBatch ?? options.BatchSize;
        EmbeddingDimension = EncoderSignature.Fixed(output.Shape[1]) ?? 0;
        batches = new EmbeddingBatches(session, output, BatchSize, fixedBatch is not null);
    }

    public ModelIdentity Identity { get; }

    /// <summary>The normalization and the side length the images must have (the model's, when it fixes one).</summary>
    public ClipImagePreprocessing Preprocessing { get; }

    public int ImageSize => Preprocessing.Size;

    /// <summary>Images per model run.</summary>
    public int BatchSize { get; }

    /// <summary>The embedding length the model declares; 0 when it leaves it dynamic.</summary>
    public int EmbeddingDimension { get; }

    /// <summary>Opens a vision model file.</summary>
    /// <param name="preprocessing">Mean and std; default OpenAI CLIP's.</param>
    /// <param name="name">The readable part of <see cref="Identity"/>; default the file name without extension.</param>
    /// <exception cref="ClipModelException">The file is not a model ONNX Runtime can load, or its inputs or outputs are not those of a CLIP image encoder.</exception>
    public static async Task<ClipImageEncoder> OpenAsync(
        string modelPath,
        ClipImagePreprocessing? preprocessing = null,
        ClipEncoderOptions? options = null,
        string? name = null,
        CancellationToken cancellationToken = default)
    {
        var resolved = options ?? new ClipEncoderOptions();
        return await EncoderSession.OpenAsync(modelPath, resolved, name, (session, identity) => Task.FromResult(new ClipImageEncoder(session, preprocessing ?? ClipImagePreprocessing.OpenAi, identity, resolved)),
            cancellationToken);
    }

    /// <summary>One L2-normalized embedding per image, in order.</summary>
    /// <param name="images">Each <see cref="ImageSize"/> x <see cref="ImageSize"/> x 3 bytes of interleaved sRGB, already resized and center-cropped.</param>
    public float[][] Encode(IReadOnlyList<ReadOnlyMemory<byte>> images, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i].Length != Preprocessing.ImageBytes)
            {
                throw new ArgumentException(
                    $"Image {i} has {images[i].Length} bytes; expected {ImageSize}x{ImageSize}x3 = {Preprocessing.ImageBytes} bytes of interleaved RGB.", nameof(images));
            }
        }

        var plane = 3 * ImageSize * ImageSize;
        return batches.Run(
            images.Count,
            (start, rows, batchRows) =>
            {
                var pixels = new float[batchRows * plane];
                for (var row = 0; row < rows; row++)
                {
                    Preprocessing.WriteChannelPlanes(images[start + row].Span, pixels.AsSpan(row * plane, plane));
                }

                return [new EncoderInput(input.Name, pixels, [batchRows, 3, ImageSize, ImageSize])];
            },
            cancellationToken);
    }

    public void Dispose() => session.Dispose();
}

namespace Lumina.Ml.Clip;

/// <summary>A CLIP model loaded from a folder: both encoders, sharing one embedding space.</summary>
public sealed class ClipModel : IDisposable
{
    private ClipModel(ClipModelFolder folder, ClipImageEncoder images, ClipTextEncoder texts)
    {
        Folder = folder;
        Images = images;
        Texts = texts;
    }

    /// <summary>The version of the ONNX Runtime library that runs the encoders, e.g. "1.32.0".</summary>
    public static string RuntimeVersion => EncoderSession.RuntimeVersion;

    public ClipModelFolder Folder { get; }

    public ClipImageEncoder Images { get; }

    public ClipTextEncoder Texts { get; }

    /// <summary>Checks the folder (<see cref="ClipModelFolder.Inspect"/>) and opens both encoders.</summary>
    /// <exception cref="ClipModelException">The folder or a model in it is not a usable CLIP export; the message says why.</exception>
    public static async Task<ClipModel> LoadAsync(string folderPath, ClipEncoderOptions? options = null, CancellationToken cancellationToken = default)
    {
        var folder = ClipModelFolder.Inspect(folderPath);
        var preprocessing = folder.Preprocessing is null ? null : await ClipImagePreprocessing.ReadAsync(folder.Preprocessing, cancellationToken);
        var images = await ClipImageEncoder.OpenAsync(folder.VisionModel, preprocessing, options, folder.Name, cancellationToken);
        try
        {
            var texts = await ClipTextEncoder.OpenAsync(folder.TextModel, folder.Tokenizer, options, folder.Name, cancellationToken);
            if (images.EmbeddingDimension != texts.EmbeddingDimension && images.EmbeddingDimension > 0 && texts.EmbeddingDimension > 0)
            {
                texts.Dispose();
                throw new ClipModelException(
                    $"In '{folder.Path}' the image model makes {images.EmbeddingDimension}-dimensional embeddings and the text model " +
                    $"{texts.EmbeddingDimension}-dimensional ones: the two models are not from the same CLIP.");
            }

            return new ClipModel(folder, images, texts);
        }
        catch
        {
            images.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Images.Dispose();
        Texts.Dispose();
    }
}

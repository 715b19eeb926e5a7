using System.Text.Json;
using Lumina.Ml.Clip;
using Lumina.Ml.Clip.Tokenizer;
using Lumina.Testing.OnnxModels;

namespace Lumina.Ml.Tests.Clip;

public sealed class ClipModelTests : IDisposable
{
    private static readonly int[] APhotoOfACat = [49406, 320, 1125, 539, 320, 2368, 49407];

    private readonly TempFolder folder = new();

    [Fact]
    public async Task LoadsAHuggingFaceExport()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Path.Combine(folder.Path, "clip-vit-base-patch32");
        folder.Write("clip-vit-base-patch32/onnx/vision_model.onnx", TinyClip.VisionModel());
        folder.Write("clip-vit-base-patch32/onnx/text_model.onnx", TinyClip.TextModel(mask: "attention_mask"));
        folder.Write("clip-vit-base-patch32/merges.txt", "#version: 0.2\n" + string.Join('\n', await SharedClipData.MergeLinesAsync(ct)));
        folder.Write("clip-vit-base-patch32/preprocessor_config.json", """{"crop_size": {"height": 224, "width": 224}, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.25, 0.25, 0.25]}""");

        using var model = await ClipModel.LoadAsync(root, cancellationToken: ct);
        var image = TinyClip.RandomImage(3);

        Assert.Equal(ClipModelLayout.HuggingFace, model.Folder.Layout);
        Assert.Equal("clip-vit-base-patch32", model.Images.Identity.Name);
        EncoderSessionTests.AssertClose(TinyClip.ImageEmbedding(image, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]), model.Images.Encode([image], ct)[0]);
        EncoderSessionTests.AssertClose(TinyClip.TextEmbedding(APhotoOfACat, pad: 0, masked: true), model.Texts.Encode(["a photo of a cat"], ct)[0]);
    }

    [Fact]
    public async Task LoadsAnImmichExport()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Path.Combine(folder.Path, "ViT-B-32__openai");
        folder.Write("ViT-B-32__openai/visual/model.onnx", TinyClip.VisionModel(input: "image", output: "embedding", batch: 1));
        folder.Write("ViT-B-32__openai/visual/preprocess_cfg.json", """{"size": [224, 224], "mode": "RGB", "mean": [0.4, 0.5, 0.6], "std": [0.2, 0.3, 0.4], "interpolation": "bicubic", "resize_mode": "shortest"}""");
        folder.Write("ViT-B-32__openai/textual/model.onnx", TinyClip.TextModel(input: "text", idType: OnnxModelWriter.Int32, output: "embedding", batch: 1));
        folder.Write("ViT-B-32__openai/textual/tokenizer.json", await OpenAiTokenizerJsonAsync(ct));
        folder.Write("ViT-B-32__openai/textual/tokenizer_config.json", """{"pad_token": "<|endoftext|>", "model_max_length": 77}""");

        using var model = await ClipModel.LoadAsync(root, cancellationToken: ct);
        var images = new[] { TinyClip.RandomImage(4), TinyClip.RandomImage(5) };

        Assert.Equal(ClipModelLayout.Immich, model.Folder.Layout);
        Assert.Equal(Path.Combine(root, "textual", "tokenizer.json"), model.Folder.Tokenizer.Source);
        var embeddings = model.Images.Encode([images[0], images[1]], ct);
        EncoderSessionTests.AssertClose(TinyClip.ImageEmbedding(images[1], [0.4f, 0.5f, 0.6f], [0.2f, 0.3f, 0.4f]), embeddings[1]);
        EncoderSessionTests.AssertClose(TinyClip.TextEmbedding(APhotoOfACat, pad: 49407, masked: false), model.Texts.Encode(["a photo of a cat"], ct)[0]);
    }

    [Fact]
    public void MissingFolderIsNamed()
    {
        var path = Path.Combine(folder.Path, "absent");

        var error = Assert.Throws<ClipModelException>(() => ClipModelFolder.Inspect(path));

        Assert.Equal($"The CLIP model folder '{path}' does not exist.", error.Message);
    }

    [Fact]
    public void FolderOfNeitherLayoutListsTheLayoutsAndWhatItHolds()
    {
        folder.Write("model.onnx", [1]);
        folder.Write("weights/readme.txt", "x");

        var error = Assert.Throws<ClipModelException>(() => ClipModelFolder.Inspect(folder.Path));

        Assert.Contains("onnx/vision_model.onnx", error.Message);
        Assert.Contains("visual/model.onnx", error.Message);
        Assert.Contains("It holds: model.onnx, weights/.", error.Message);
    }

    [Fact]
    public void ImmichExportWithoutItsTextModelNamesTheMissingFile()
    {
        folder.Write("visual/model.onnx", [1]);

        var error = Assert.Throws<ClipModelException>(() => ClipModelFolder.Inspect(folder.Path));

        Assert.Contains("has the Immich layout but no textual/model.onnx", error.Message);
    }

    [Fact]
    public void HuggingFaceExportWithoutTokenizerFilesSaysSo()
    {
        folder.Write("onnx/vision_model.onnx", [1]);
        folder.Write("onnx/text_model.onnx", [1]);

        var error = Assert.Throws<ClipModelException>(() => ClipModelFolder.Inspect(folder.Path));

        Assert.Contains("layout but no tokenizer files", error.Message);
    }

    [Fact]
    public async Task EncodersOfDifferentEmbeddingSizesAreRejected()
    {
        var ct = TestContext.Current.CancellationToken;
        folder.Write("vision_model.onnx", TinyClip.VisionModel());
        folder.Write("text_model.onnx", TinyClip.TextModel(dimension: 768));
        File.Copy(SharedClipData.OpenAiMergesPath, Path.Combine(folder.Path, ClipTokenizerFiles.OpenAiMerges));

        var error = await Assert.ThrowsAsync<ClipModelException>(() => ClipModel.LoadAsync(folder.Path, cancellationToken: ct));

        Assert.Contains("512-dimensional embeddings and the text model 768-dimensional", error.Message);
    }

    public void Dispose() => folder.Dispose();

    /// <summary>A tokenizer.json (Hugging Face format) holding the OpenAI vocabulary and merges.</summary>
    private static async Task<string> OpenAiTokenizerJsonAsync(CancellationToken ct)
    {
        var lines = await SharedClipData.MergeLinesAsync(ct);
        var vocabulary = BpeVocabulary.FromMergesOnly([.. lines.Select(l => (l.Split(' ')[0], l.Split(' ')[1]))]);
        var json = new
        {
            model = new { type = "BPE", vocab = vocabulary.Ids, merges = lines, end_of_word_suffix = "</w>" },
        };
        return JsonSerializer.Serialize(json);
    }
}

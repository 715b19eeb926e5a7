using Lumina.Ml.Clip;
using Lumina.Ml.Clip.Tokenizer;
using Lumina.Testing.OnnxModels;

namespace Lumina.Ml.Tests.Clip;

public sealed class ClipTextEncoderTests : IDisposable
{
    private static readonly int[] APhotoOfACat = [49406, 320, 1125, 539, 320, 2368, 49407];
    private static readonly int[] ADog = [49406, 320, 1929, 49407];

    private readonly TempFolder folder = new();

    [Fact]
    public async Task FeedsIdsAndAttentionMaskAndNormalizesTheOutput()
    {
        var model = folder.Write("text.onnx", TinyClip.TextModel(mask: "attention_mask"));
        using var encoder = await ClipTextEncoder.OpenAsync(model, OpenAiFiles(), cancellationToken: TestContext.Current.CancellationToken);

        var embeddings = encoder.Encode(["a photo of a cat", "a dog"], TestContext.Current.CancellationToken);

        EncoderSessionTests.AssertClose(TinyClip.TextEmbedding(APhotoOfACat, pad: 0, masked: true), embeddings[0]);
        EncoderSessionTests.AssertClose(TinyClip.TextEmbedding(ADog, pad: 0, masked: true), embeddings[1]);
    }

    [Fact]
    public async Task PadsWithThePadTokenOfTheTokenizerConfig()
    {
        var config = folder.Write("tokenizer_config.json", """{"pad_token": "<|endoftext|>"}""");
        var model = folder.Write("text.onnx", TinyClip.TextModel());
        using var encoder = await ClipTextEncoder.OpenAsync(model, OpenAiFiles() with { Config = config }, cancellationToken: TestContext.Current.CancellationToken);

        var embedding = Assert.Single(encoder.Encode(["a dog"], TestContext.Current.CancellationToken));

        EncoderSessionTests.AssertClose(TinyClip.TextEmbedding(ADog, pad: 49407, masked: false), embedding);
    }

    [Fact]
    public async Task Int32InputWithAFixedBatchOfOneRunsTextByText()
    {
        var model = folder.Write("textual.onnx", TinyClip.TextModel(input: "text", idType: OnnxModelWriter.Int32, output: "embedding", batch: 1));
        using var encoder = await ClipTextEncoder.OpenAsync(model, OpenAiFiles(), cancellationToken: TestContext.Current.CancellationToken);

        var embeddings = encoder.Encode(["a dog", "a photo of a cat", "a dog"], TestContext.Current.CancellationToken);

        EncoderSessionTests.AssertClose(TinyClip.TextEmbedding(ADog, pad: 0, masked: false), embeddings[0]);
        EncoderSessionTests.AssertClose(TinyClip.TextEmbedding(APhotoOfACat, pad: 0, masked: false), embeddings[1]);
        Assert.Equal(embeddings[0], embeddings[2]);
    }

    [Fact]
    public async Task ManyTextsInSeveralBatchesMatchOneByOne()
    {
        var model = folder.Write("text.onnx", TinyClip.TextModel(mask: "attention_mask"));
        using var encoder = await ClipTextEncoder.OpenAsync(model, OpenAiFiles(), new ClipEncoderOptions { BatchSize = 4 }, cancellationToken: TestContext.Current.CancellationToken);
        var texts = Enumerable.Range(0, 10).Select(i => $"photo number {i} of a cat").ToList();

        var together = encoder.Encode(texts, TestContext.Current.CancellationToken);

        for (var i = 0; i < texts.Count; i++)
        {
            EncoderSessionTests.AssertClose(Assert.Single(encoder.Encode([texts[i]], TestContext.Current.CancellationToken)), together[i]);
        }
    }

    [Fact]
    public async Task ContextLengthComesFromTheModel()
    {
        var model = folder.Write("text.onnx", TinyClip.TextModel(sequence: "sequence"));
        using var dynamic = await ClipTextEncoder.OpenAsync(model, OpenAiFiles(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(77, dynamic.Tokenizer.ContextLength);
        Assert.Equal(512, dynamic.EmbeddingDimension);
    }

    [Fact]
    public async Task ModelWithoutATokenInputIsRejectedShowingItsSignature()
    {
        var model = folder.Write("vision.onnx", TinyClip.VisionModel());

        var error = await Assert.ThrowsAsync<ClipModelException>(() => ClipTextEncoder.OpenAsync(model, OpenAiFiles(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("one int32 or int64 input of shape [batch, context]", error.Message);
        Assert.Contains("pixel_values: Float[-1,3,224,224]", error.Message);
    }

    public void Dispose() => folder.Dispose();

    private static ClipTokenizerFiles OpenAiFiles() => new(SharedClipData.OpenAiMergesPath);
}

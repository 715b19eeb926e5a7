using System.Numerics.Tensors;
using System.Security.Cryptography;
using Lumina.Ml.Clip;
using Lumina.Testing.OnnxModels;

namespace Lumina.Ml.Tests.Clip;

public sealed class ClipImageEncoderTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public async Task EncodesEachImageToTheModelsOutputNormalized(int count)
    {
        using var encoder = await ClipImageEncoder.OpenAsync(folder.Write("vision.onnx", TinyClip.VisionModel()), cancellationToken: TestContext.Current.CancellationToken);
        var images = Enumerable.Range(0, count).Select(i => TinyClip.RandomImage(i)).ToList();

        var embeddings = encoder.Encode([.. images.Select(i => (ReadOnlyMemory<byte>)i)], TestContext.Current.CancellationToken);

        Assert.Equal(count, embeddings.Length);
        Assert.Equal(16, encoder.BatchSize);
        for (var i = 0; i < count; i++)
        {
            EncoderSessionTests.AssertClose(TinyClip.ImageEmbedding(images[i]), embeddings[i]);
            Assert.Equal(1f, TensorPrimitives.Norm(embeddings[i]), 1e-5f);
        }
    }

    [Fact]
    public void WritesClipMeanAndStdNormalizedChannelPlanes()
    {
        var preprocessing = ClipImagePreprocessing.OpenAi with { Size = 1 };
        var chw = new float[3];

        preprocessing.WriteChannelPlanes([255, 0, 128], chw);

        Assert.Equal((1 - TinyClip.ClipMean[0]) / TinyClip.ClipStd[0], chw[0], 1e-5f);
        Assert.Equal(-TinyClip.ClipMean[1] / TinyClip.ClipStd[1], chw[1], 1e-5f);
        Assert.Equal(((128 / 255f) - TinyClip.ClipMean[2]) / TinyClip.ClipStd[2], chw[2], 1e-5f);
    }

    [Fact]
    public async Task ModelWithAFixedBatchOfOneRunsImageByImage()
    {
        var model = folder.Write("visual.onnx", TinyClip.VisionModel(input: "image", output: "embedding", batch: 1));
        using var encoder = await ClipImageEncoder.OpenAsync(model, cancellationToken: TestContext.Current.CancellationToken);
        var images = Enumerable.Range(0, 3).Select(i => TinyClip.RandomImage(100 + i)).ToList();

        var embeddings = encoder.Encode([.. images.Select(i => (ReadOnlyMemory<byte>)i)], TestContext.Current.CancellationToken);

        Assert.Equal(1, encoder.BatchSize);
        for (var i = 0; i < 3; i++)
        {
            EncoderSessionTests.AssertClose(TinyClip.ImageEmbedding(images[i]), embeddings[i]);
        }
    }

    [Fact]
    public async Task ModelWithAFixedBatchLargerThanTheLastChunkIsPadded()
    {
        var model = folder.Write("visual.onnx", TinyClip.VisionModel(batch: 4));
        using var encoder = await ClipImageEncoder.OpenAsync(model, cancellationToken: TestContext.Current.CancellationToken);
        var images = Enumerable.Range(0, 6).Select(i => TinyClip.RandomImage(200 + i)).ToList();

        var embeddings = encoder.Encode([.. images.Select(i => (ReadOnlyMemory<byte>)i)], TestContext.Current.CancellationToken);

        Assert.Equal(6, embeddings.Length);
        EncoderSessionTests.AssertClose(TinyClip.ImageEmbedding(images[5]), embeddings[5]);
    }

    [Fact]
    public async Task ImageSizeComesFromTheModelWhenItFixesOne()
    {
        var model = folder.Write("vision64.onnx", TinyClip.VisionModel(size: 64));
        using var encoder = await ClipImageEncoder.OpenAsync(model, cancellationToken: TestContext.Current.CancellationToken);
        var image = TinyClip.RandomImage(7, size: 64);

        var embedding = Assert.Single(encoder.Encode([image], TestContext.Current.CancellationToken));

        Assert.Equal(64, encoder.ImageSize);
        EncoderSessionTests.AssertClose(TinyClip.ImageEmbedding(image), embedding);
    }

    [Fact]
    public async Task ImageOfTheWrongSizeIsRejected()
    {
        using var encoder = await ClipImageEncoder.OpenAsync(folder.Write("vision.onnx", TinyClip.VisionModel()), cancellationToken: TestContext.Current.CancellationToken);

        var error = Assert.Throws<ArgumentException>(() => encoder.Encode([TinyClip.RandomImage(1), new byte[100]], TestContext.Current.CancellationToken));

        Assert.Contains("Image 1 has 100 bytes; expected 224x224x3 = 150528", error.Message);
    }

    [Fact]
    public async Task ModelWithoutAnImageInputIsRejectedShowingItsSignature()
    {
        var model = folder.Write("text.onnx", TinyClip.TextModel());

        var error = await Assert.ThrowsAsync<ClipModelException>(() => ClipImageEncoder.OpenAsync(model, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("[batch, 3, height, width]", error.Message);
        Assert.Contains("input_ids: Int64[-1,77]", error.Message);
    }

    [Fact]
    public async Task IdentityIsTheNameAndTheSha256OfTheModelFile()
    {
        var bytes = TinyClip.VisionModel();
        var model = folder.Write("vision.onnx", bytes);

        using var encoder = await ClipImageEncoder.OpenAsync(model, name: "tiny-clip", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new ModelIdentity("tiny-clip", Convert.ToHexStringLower(SHA256.HashData(bytes))), encoder.Identity);
        Assert.Equal($"tiny-clip@sha256:{encoder.Identity.Sha256}", encoder.Identity.ToString());
    }

    public void Dispose() => folder.Dispose();
}

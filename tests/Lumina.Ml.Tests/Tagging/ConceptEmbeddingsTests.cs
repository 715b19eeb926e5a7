using System.Numerics.Tensors;
using Lumina.Ml.Clip;
using Lumina.Ml.Tagging;
using Lumina.Ml.Tests.Clip;
using Lumina.Testing.OnnxModels;

namespace Lumina.Ml.Tests.Tagging;

public sealed class ConceptEmbeddingsTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task EachConceptIsTheNormalizedMeanOfItsNormalizedPromptEmbeddings()
    {
        var ct = TestContext.Current.CancellationToken;
        using var encoder = await OpenTinyTextEncoderAsync(ct);
        var vocabulary = TagVocabulary.Parse("animal: dog\nweather: foggy\n", "test");

        var concepts = ConceptEmbeddings.Build(vocabulary, encoder, ct);

        for (var c = 0; c < 2; c++)
        {
            var expected = MeanOfNormalized(PromptTemplates.For(vocabulary.Concepts[c]).Select(p => encoder.Encode([p], ct)[0]));
            EncoderSessionTests.AssertClose(expected, concepts.Vectors[c]);
        }

        EncoderSessionTests.AssertClose(MeanOfNormalized(PromptTemplates.Neutral.Select(p => encoder.Encode([p], ct)[0])), concepts.Neutral);
    }

    [Fact]
    public async Task DefaultVocabularyGetsOneUnitEmbeddingPerConcept()
    {
        var ct = TestContext.Current.CancellationToken;
        using var encoder = await OpenTinyTextEncoderAsync(ct);

        var concepts = ConceptEmbeddings.Build(TagVocabulary.Default, encoder, ct);

        Assert.Equal(TagVocabulary.Default.Concepts.Count, concepts.Vectors.Count);
        Assert.All(concepts.Vectors, v => Assert.Equal(1f, TensorPrimitives.Norm(v), 1e-5f));
        Assert.Equal(512, concepts.Dimension);
    }

    [Fact]
    public void StoredVectorsAreNormalizedAndMustMatchTheConcepts()
    {
        var concepts = new[] { new TagConcept("a", "x"), new TagConcept("b", "x") };

        var loaded = ConceptEmbeddings.FromVectors(concepts, [[3, 4], [0, 2]], [5, 0]);

        Assert.Equal([0.6f, 0.8f], loaded.Vectors[0]);
        Assert.Equal([1f, 0f], loaded.Neutral);
        Assert.Throws<ArgumentException>(() => ConceptEmbeddings.FromVectors(concepts, [[1, 0]], [1, 0]));
    }

    public void Dispose() => folder.Dispose();

    private Task<ClipTextEncoder> OpenTinyTextEncoderAsync(CancellationToken ct) => ClipTextEncoder.OpenAsync(
        folder.Write("text.onnx", TinyClip.TextModel(mask: "attention_mask")),
        new Lumina.Ml.Clip.Tokenizer.ClipTokenizerFiles(SharedClipData.OpenAiMergesPath),
        cancellationToken: ct);

    private static float[] MeanOfNormalized(IEnumerable<float[]> embeddings)
    {
        var list = embeddings.ToList();
        var mean = new double[list[0].Length];
        foreach (var embedding in list)
        {
            var norm = Math.Sqrt(embedding.Sum(v => (double)v * v));
            for (var i = 0; i < mean.Length; i++)
            {
                mean[i] += embedding[i] / norm / list.Count;
            }
        }

        return TinyClip.Normalized([.. mean.Select(v => (float)v)]);
    }
}

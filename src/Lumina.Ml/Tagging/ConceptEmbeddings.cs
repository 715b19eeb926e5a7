using System.Numerics.Tensors;
using Lumina.Ml.Clip;

namespace Lumina.Ml.Tagging;

/// <summary>
/// One unit-length text embedding per concept (the average of its prompts' normalized embeddings,
/// normalized again) and the neutral baseline embedding, all from one text encoder. Built once per
/// vocabulary and model; cheap to keep in memory (400 concepts x 512 floats is 800 KB).
/// </summary>
public sealed class ConceptEmbeddings
{
    private ConceptEmbeddings(IReadOnlyList<TagConcept> concepts, float[][] vectors, float[] neutral)
    {
        var dimension = neutral.Length;
        if (concepts.Count != vectors.Length || vectors.Any(v => v.Length != dimension))
        {
            throw new ArgumentException($"Expected one {dimension}-dimensional embedding per concept ({concepts.Count}).");
        }

        Concepts = concepts;
        Vectors = [.. vectors.Select(v => Embeddings.Normalized(v))];
        Neutral = Embeddings.Normalized(neutral);
    }

    public IReadOnlyList<TagConcept> Concepts { get; }

    /// <summary>The concepts' unit embeddings, in the order of <see cref="Concepts"/>.</summary>
    public IReadOnlyList<float[]> Vectors { get; }

    /// <summary>The unit embedding of <see cref="PromptTemplates.Neutral"/>: what "just a photo" looks like to the model.</summary>
    public float[] Neutral { get; }

    public int Dimension => Neutral.Length;

    /// <summary>Encodes every prompt of every concept (in the encoder's batches) and averages them per concept.</summary>
    public static ConceptEmbeddings Build(TagVocabulary vocabulary, IClipTextEncoder encoder, CancellationToken cancellationToken = default)
    {
        var prompts = vocabulary.Concepts.Select(PromptTemplates.For).ToList();
        var encoded = encoder.Encode([.. prompts.SelectMany(p => p), .. PromptTemplates.Neutral], cancellationToken);
        var vectors = new float[prompts.Count][];
        var next = 0;
        for (var c = 0; c < prompts.Count; c++)
        {
            vectors[c] = Average(encoded.AsSpan(next, prompts[c].Count));
            next += prompts[c].Count;
        }

        return new ConceptEmbeddings(vocabulary.Concepts, vectors, Average(encoded.AsSpan(next)));
    }

    /// <summary>Concept embeddings computed earlier (e.g. stored with the model's identity); each is normalized.</summary>
    public static ConceptEmbeddings FromVectors(IReadOnlyList<TagConcept> concepts, float[][] vectors, float[] neutral) => new(concepts, vectors, neutral);

    /// <summary>The mean of unit embeddings (left for the constructor to normalize).</summary>
    private static float[] Average(ReadOnlySpan<float[]> embeddings)
    {
        var sum = new float[embeddings[0].Length];
        foreach (var embedding in embeddings)
        {
            TensorPrimitives.Add(sum, embedding, sum);
        }

        TensorPrimitives.Divide(sum, embeddings.Length, sum);
        return sum;
    }
}

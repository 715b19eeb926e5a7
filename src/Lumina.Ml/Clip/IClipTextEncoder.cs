namespace Lumina.Ml.Clip;

/// <summary>Turns texts into unit-length embeddings in CLIP's joint space.</summary>
public interface IClipTextEncoder
{
    int EmbeddingDimension { get; }

    /// <summary>One L2-normalized embedding per text, in order.</summary>
    float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}

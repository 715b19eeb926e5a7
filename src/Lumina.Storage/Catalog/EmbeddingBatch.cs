namespace Lumina.Storage.Catalog;

/// <summary>CLIP embeddings of a batch's images by path (little-endian float32 bytes), and the model that made them.</summary>
public sealed record EmbeddingBatch(string Model, IReadOnlyList<string> Paths, IReadOnlyList<byte[]> Vectors);

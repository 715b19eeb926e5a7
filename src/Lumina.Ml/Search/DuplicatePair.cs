namespace Lumina.Ml.Search;

/// <summary>Two images whose embeddings have cosine similarity <see cref="Cosine"/>; <see cref="First"/> &lt; <see cref="Second"/>.</summary>
public readonly record struct DuplicatePair(long First, long Second, float Cosine);

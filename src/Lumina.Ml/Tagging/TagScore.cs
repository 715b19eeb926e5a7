namespace Lumina.Ml.Tagging;

/// <summary>A concept given to an image, with its confidence (0-1) and the raw cosine similarity behind it.</summary>
public sealed record TagScore(TagConcept Concept, float Confidence, float Cosine);

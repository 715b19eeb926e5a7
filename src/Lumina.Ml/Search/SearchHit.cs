namespace Lumina.Ml.Search;

/// <summary>An image found by a search, with the cosine similarity of its embedding to the query.</summary>
public readonly record struct SearchHit(long ImageId, float Score);

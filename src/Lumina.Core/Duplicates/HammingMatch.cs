namespace Lumina.Core.Duplicates;

/// <summary>An id a <see cref="HammingIndex"/> search found and the Hamming distance of its hash to the query.</summary>
public readonly record struct HammingMatch(long Id, int Distance);

namespace Lumina.Core.Bursts;

/// <summary>Shots of one burst in capture-time order, and the best of them to show.</summary>
public sealed record Burst(long BestId, IReadOnlyList<long> Members);

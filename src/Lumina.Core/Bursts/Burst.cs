namespace Lumina.Core.Bursts;

/// <summary>Shots of one burst in capture-time order, the best of them to show, and why it beat the runner-up.</summary>
public sealed record Burst(long BestId, IReadOnlyList<long> Members, string BestReason);

namespace Lumina.Durable.Postgres;

/// <summary>
/// Work a worker holds locked: until when (UTC; the latest of its locks) and how many orchestration episodes and
/// activity tasks. A live worker renews its locks; a stopped one's work is taken over once they expire.
/// </summary>
public sealed record HeldLock(string WorkerId, DateTime ExpiresUtc, int Orchestrations, int Activities);

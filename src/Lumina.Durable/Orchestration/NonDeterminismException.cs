namespace Lumina.Durable.Orchestration;

/// <summary>
/// An orchestrator made a different durable call on replay than the one its history records (its code
/// changed while an instance was running, or it depends on something other than its context). The
/// instance fails with this error.
/// </summary>
public sealed class NonDeterminismException(string message) : Exception(message);

namespace Lumina.Ml.Tests.Clip;

/// <summary>
/// Tests that time a run against a clock (cancel or dispose it while it is under way) run alone, after the parallel
/// ones: the embedding index tests keep every core and thread-pool thread busy, which delays timers and
/// continuations until the run has ended.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedRuns
{
    public const string Name = "timed runs";
}

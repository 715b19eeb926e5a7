namespace Lumina.Functions.Benchmarks;

/// <summary>What <see cref="DurableBenchmark"/> measured, and on what settings (serialized snake_case).</summary>
public sealed record DurableBenchmarkResult(
    int Orchestrations,
    int ActivitiesPerOrchestration,
    double SequenceSeconds,
    double OrchestrationsPerSecond,
    int Fanout,
    double FanoutSeconds,
    double FanoutActivitiesPerSecond,
    int MaxConcurrentOrchestrations,
    int MaxConcurrentActivities,
    int ProcessorCount);

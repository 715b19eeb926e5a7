namespace Lumina.Functions.Benchmarks;

/// <summary>What <c>lumina bench durable</c> measured (serialized snake_case).</summary>
public sealed record DurableBenchmarkReport(
    int ProcessorCount,
    IReadOnlyList<DurableBenchmarkResult> Providers,
    PgBenchResult? Pgbench,
    double? PostgresOrchestrationsPerTps);

/// <summary>One provider's figures (the Durable Task Framework runs the orchestrations on each).</summary>
public sealed record DurableBenchmarkResult(
    string Provider,
    int Orchestrations,
    int ActivitiesPerOrchestration,
    double SequenceSeconds,
    double OrchestrationsPerSecond,
    int Fanout,
    double FanoutSeconds,
    double FanoutActivitiesPerSecond);

/// <summary>pgbench's TPC-B-like run against the same PostgreSQL: the commit rate the durable figures are read against.</summary>
public sealed record PgBenchResult(int Clients, int Threads, int Seconds, double Tps);

namespace Lumina.Functions.Benchmarks;

/// <summary>A benchmark side whose results failed their check, so no speed is reported for the run: the message names the side and why.</summary>
public sealed class BenchmarkException(string message) : Exception(message);

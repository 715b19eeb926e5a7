using System.Text.Json.Serialization;

namespace Lumina.Functions.Benchmarks;

/// <summary>
/// What <c>lumina bench catalog</c> measured: per catalog size the median seconds of each phase, and per phase
/// how its time grew from the smallest size to the largest (1 is linear; 2 quadratic).
/// </summary>
public sealed record CatalogBenchmarkResult(
    [property: JsonPropertyName("runs")] int Runs,
    [property: JsonPropertyName("sizes")] IReadOnlyList<CatalogSizeResult> Sizes,
    [property: JsonPropertyName("growth_exponent")] IReadOnlyDictionary<string, double>? GrowthExponent);

/// <summary>
/// One catalog size: median seconds per phase (and to write the synthetic catalog), what each phase found, and the
/// benchmark process's peak working set once this size was done (PostgreSQL's own memory is not in it).
/// </summary>
public sealed record CatalogSizeResult(
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("seconds")] IReadOnlyDictionary<string, double> Seconds,
    [property: JsonPropertyName("found")] IReadOnlyDictionary<string, string> Found,
    [property: JsonPropertyName("peak_memory_mb")] long PeakMemoryMb);

using System.Globalization;

namespace Lumina.Durable.ProviderBench;

/// <summary>The command line; <c>--set Name=Value</c> overrides a PostgresOrchestrationServiceSettings property; <c>--keep true</c> keeps the provider's task hubs for inspection.</summary>
internal sealed record BenchOptions(
    int Orchestrations, int Fanout, int Runs, IReadOnlyList<string> Engines, int PgbenchSeconds, string? Postgres,
    IReadOnlyDictionary<string, string> Settings, bool Keep)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var settings = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--set")
            {
                var pair = args[i + 1].Split('=', 2);
                settings[pair[0]] = pair[1];
            }
            else
            {
                values[args[i]] = args[i + 1];
            }
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(
            Int("--orchestrations", 1000), Int("--fanout", 10_000), Int("--runs", 3),
            (values.GetValueOrDefault("--engines") ?? "provider").Split(','), Int("--pgbench-seconds", 15),
            values.GetValueOrDefault("--postgres"), settings, values.GetValueOrDefault("--keep") == "true");
    }
}

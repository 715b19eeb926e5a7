using System.Diagnostics;

namespace Lumina.Durable.ProviderBench;

/// <summary>One engine under test: a fresh task hub per run.</summary>
internal interface IEngineBenchmark
{
    /// <summary>Seconds from the first start to the last completion of <paramref name="count"/> 5-activity sequences.</summary>
    Task<double> SequencesAsync(int count);

    /// <summary>Seconds of one orchestration fanning out to <paramref name="count"/> activities and back.</summary>
    Task<double> FanOutAsync(int count);
}

internal static class BenchRuns
{
    public static async Task<object> RunAsync(IEngineBenchmark benchmark, BenchOptions options, double? pgbenchTps)
    {
        var rates = new List<double>();
        var fanouts = new List<double>();
        for (var run = 0; run < options.Runs; run++)
        {
            rates.Add(Math.Round(options.Orchestrations / await benchmark.SequencesAsync(options.Orchestrations), 1));
            fanouts.Add(Math.Round(await benchmark.FanOutAsync(options.Fanout), 2));
            Console.Error.WriteLine($"{benchmark.GetType().Name} run {run + 1}: {rates[^1]} orchestrations/s, fan-out {fanouts[^1]} s");
        }

        var rate = Median(rates);
        return new
        {
            orchestrations = options.Orchestrations,
            orchestrations_per_second = rates,
            orchestrations_per_second_median = rate,
            per_pgbench_tps = pgbenchTps is { } tps ? Math.Round(rate / tps, 4) : (double?)null,
            fanout = options.Fanout,
            fanout_seconds = fanouts,
            fanout_seconds_median = Median(fanouts),
        };
    }

    public static async Task<double> TimeAsync(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}

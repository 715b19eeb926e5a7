namespace Lumina.Functions.Benchmarks;

/// <summary>The machine's load averages over 1, 5 and 15 minutes, as /proc/loadavg has them: what a figure was measured under.</summary>
public static class LoadAverage
{
    public static string Read() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}

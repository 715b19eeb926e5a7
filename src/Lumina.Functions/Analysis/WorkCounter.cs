using System.Diagnostics;

namespace Lumina.Functions.Analysis;

/// <summary>Thread-safe progress of a run: items done and failed out of a total, with the rate so far.</summary>
public sealed class WorkCounter(int total)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _done;
    private int _failed;

    public int Total => total;

    public int Done => Volatile.Read(ref _done);

    public int Failed => Volatile.Read(ref _failed);

    public TimeSpan Elapsed => _clock.Elapsed;

    public double PerSecond => Done / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);

    /// <summary>Estimated time left at the rate so far, or null before the first item.</summary>
    public TimeSpan? Remaining => Done == 0 ? null : TimeSpan.FromSeconds((total - Done) / PerSecond);

    public void Add(int done, int failed)
    {
        Interlocked.Add(ref _done, done);
        Interlocked.Add(ref _failed, failed);
    }
}

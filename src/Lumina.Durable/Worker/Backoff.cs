namespace Lumina.Durable.Worker;

/// <summary>Idle polling waits: from the minimum, doubling up to the maximum, with ±20% jitter so pollers drift apart.</summary>
internal sealed class Backoff(TimeSpan minimum, TimeSpan maximum)
{
    private TimeSpan? _next;

    public TimeSpan Next()
    {
        var next = _next ?? minimum;
        _next = TimeSpan.FromTicks(Math.Min(next.Ticks * 2, maximum.Ticks));
        return next * (0.8 + (0.4 * Random.Shared.NextDouble()));
    }

    public void Reset() => _next = null;
}

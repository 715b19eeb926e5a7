namespace Lumina.Core.Bursts;

/// <summary>How the burst detector splits a camera's shots.</summary>
public sealed record BurstOptions
{
    /// <summary>The longest <see cref="MaxGap"/> allowed: shots further apart are separate moments, not a burst.</summary>
    public static readonly TimeSpan LongestMaxGap = TimeSpan.FromMinutes(1);

    private readonly TimeSpan _maxGap = TimeSpan.FromSeconds(2);

    /// <summary>The longest time between consecutive shots of one burst; default 2 s, at most 1 minute.</summary>
    public TimeSpan MaxGap
    {
        get => _maxGap;
        init
        {
            if (value < TimeSpan.Zero || value > LongestMaxGap)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxGap), value, "MaxGap must be 0 to 1 minute (default 2 s).");
            }

            _maxGap = value;
        }
    }

    /// <summary>Whether consecutive shots whose geohashes are known and neither equal nor adjacent start a new burst; default true.</summary>
    public bool SplitOnPlace { get; init; } = true;
}

namespace Lumina.Functions.Jobs;

/// <summary>
/// A job's progress, carried in its orchestration's custom status: the phase, images done of the total,
/// failures, the rate so far and the time left at that rate. A rebuild also lists its phases.
/// </summary>
public sealed record JobProgress(
    string Type,
    string Phase,
    long Done,
    long Total,
    long Failed,
    double ImagesPerSecond,
    double? EtaSeconds,
    IReadOnlyList<PhaseState>? Phases = null)
{
    public static JobProgress Start(string type, string phase) => new(type, phase, 0, 0, 0, 0, null);

    /// <summary>The progress after <paramref name="done"/> of <paramref name="total"/> images, <paramref name="elapsed"/> after the work began.</summary>
    public JobProgress Advance(string phase, long done, long total, long failed, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        return this with
        {
            Phase = phase,
            Done = done,
            Total = total,
            Failed = failed,
            ImagesPerSecond = Math.Round(rate, 2),
            EtaSeconds = rate > 0 ? Math.Round((total - done) / rate, 1) : null,
        };
    }
}

/// <summary>One phase of a rebuild: pending, running, completed, unchanged (its inputs had not changed: not run), failed or skipped, and the job that ran it.</summary>
public sealed record PhaseState(string Name, string Status, string? JobId = null, string? Detail = null);

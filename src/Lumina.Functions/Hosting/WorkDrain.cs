using Lumina.Durable.Hosting;

namespace Lumina.Functions.Hosting;

/// <summary>What a drain saw: the work waiting when it began and when it ended, and how long it ran.</summary>
public sealed record DrainReport(PendingWork Before, PendingWork After, TimeSpan Elapsed);

/// <summary>
/// Keeps a trigger invocation open while the task hub has work, so that a serverless instance woken by the
/// queue or timer trigger stays up until this host's workers (which run all the while) have done it, or the
/// budget is spent.
/// </summary>
public sealed class WorkDrain(IPendingWorkSource durable)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public async Task<DrainReport> RunAsync(TimeSpan budget, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var before = await durable.GetPendingWorkAsync(ct);
        var now = before;
        while (!now.IsIdle && clock.Elapsed < budget)
        {
            await Task.Delay(Poll, ct);
            now = await durable.GetPendingWorkAsync(ct);
        }

        return new DrainReport(before, now, clock.Elapsed);
    }
}

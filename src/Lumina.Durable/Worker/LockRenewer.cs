using Lumina.Durable.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lumina.Durable.Worker;

/// <summary>Every third of the lock timeout, extends the locks of all work this process has in flight (two round trips).</summary>
internal sealed class LockRenewer(
    OrchestrationStore orchestrations, ActivityStore activities, InFlightWork inFlight, IOptions<DurableOptions> options, ILogger<LockRenewer> logger)
{
    public async Task RunAsync(string owner, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.LockTimeout / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await RenewAsync(owner, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped with the worker.
        }
    }

    private async Task RenewAsync(string owner, CancellationToken ct)
    {
        try
        {
            if (inFlight.Tasks.Keys is { Count: > 0 } tasks)
            {
                await activities.RenewAsync(owner, tasks.ToList(), ct);
            }

            if (inFlight.Instances.Keys is { Count: > 0 } instances)
            {
                await orchestrations.RenewAsync(owner, instances.ToList(), ct);
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            DurableLog.RenewalFailed(logger, e);
        }
    }
}

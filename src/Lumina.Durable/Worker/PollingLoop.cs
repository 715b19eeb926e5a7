using Microsoft.Extensions.Logging;

namespace Lumina.Durable.Worker;

/// <summary>
/// Polls for work until stopped: right away again after a poll that found work, otherwise after an idle
/// wait that backs off (or as soon as this process signals new work). A poll that finds work wakes one
/// more idle poller, so that work coming from other processes draws in more pollers one by one.
/// </summary>
internal static class PollingLoop
{
    /// <param name="poll">One poll; true when it found work.</param>
    public static async Task RunAsync(
        string kind, Func<Task<bool>> poll, WorkSignal signal, DurableOptions options, ILogger logger, CancellationToken stop)
    {
        var backoff = new Backoff(options.MinPollingInterval, options.MaxPollingInterval);
        while (!stop.IsCancellationRequested)
        {
            bool found;
            try
            {
                found = await poll();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                DurableLog.PollFailed(logger, kind, e);
                await PauseAsync(backoff.Next(), stop);
                continue;
            }

            if (found)
            {
                backoff.Reset();
                signal.Pulse();
                continue;
            }

            try
            {
                await signal.WaitAsync(backoff.Next(), stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static async Task PauseAsync(TimeSpan pause, CancellationToken stop)
    {
        try
        {
            await Task.Delay(pause, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping; the loop ends.
        }
    }
}

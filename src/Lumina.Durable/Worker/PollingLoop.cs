using Microsoft.Extensions.Logging;

namespace Lumina.Durable.Worker;

/// <summary>
/// Polls for work until stopped: right away again after a poll that found work, otherwise after an idle
/// wait that backs off (or as soon as this process signals new work).
/// </summary>
internal static class PollingLoop
{
    private static readonly Task Never = new TaskCompletionSource().Task;

    /// <param name="poll">One poll; true when it found work.</param>
    public static async Task RunAsync(
        string kind, Func<Task<bool>> poll, WorkSignal signal, DurableOptions options, ILogger logger, CancellationToken stop)
    {
        var backoff = new Backoff(options.MinPollingInterval, options.MaxPollingInterval);
        while (!stop.IsCancellationRequested)
        {
            var next = signal.Next;
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
                found = false;
                next = Never;
            }

            if (found)
            {
                backoff.Reset();
                continue;
            }

            try
            {
                await WorkSignal.WaitAsync(next, backoff.Next(), stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }
}

namespace Lumina.Durable.Postgres.Polling;

/// <summary>
/// The idle loop of the dispatchers' fetches: polls until a poll finds work, waiting between empty polls
/// with a back-off from MinPollingInterval to MaxPollingInterval, woken early by <c>signal</c> and, when
/// a poll says when work next becomes ready (a timer), at that time.
/// </summary>
internal static class Poller
{
    /// <returns>The work found, or null when <paramref name="receiveTimeout"/> passed or <paramref name="ct"/> was cancelled.</returns>
    public static async Task<T?> UntilFoundAsync<T>(
        Func<CancellationToken, Task<(T? Found, DateTime? NextReady)>> poll, WakeSignal signal, PostgresOrchestrationServiceSettings settings,
        TimeSpan receiveTimeout, CancellationToken ct)
        where T : class
    {
        var deadline = DateTime.UtcNow + receiveTimeout;
        var backoff = new Backoff(settings.MinPollingInterval, settings.MaxPollingInterval);
        try
        {
            while (true)
            {
                var (found, nextReady) = await poll(ct);
                if (found is not null)
                {
                    return found;
                }

                var now = DateTime.UtcNow;
                if (now >= deadline)
                {
                    return null;
                }

                var wait = backoff.Next();
                if (nextReady is { } next && next - now < wait)
                {
                    wait = next > now ? next - now : TimeSpan.Zero;
                }

                await signal.WaitAsync(wait < deadline - now ? wait : deadline - now, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
    }
}

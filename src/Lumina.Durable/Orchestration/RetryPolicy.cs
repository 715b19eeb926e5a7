namespace Lumina.Durable.Orchestration;

/// <summary>
/// How a failed activity or sub-orchestration is tried again. Attempt n+1 waits (on a durable timer)
/// <c>min(FirstRetryInterval × BackoffCoefficient^(n-1), MaxRetryInterval)</c> after attempt n fails; no
/// attempt starts after <see cref="RetryTimeout"/> has passed since the first one.
/// </summary>
public sealed record RetryPolicy
{
    /// <param name="maxNumberOfAttempts">Attempts in all, at least 1.</param>
    /// <param name="firstRetryInterval">Wait before the second attempt; positive.</param>
    /// <param name="backoffCoefficient">Growth of the wait per attempt; at least 1. Default 1.</param>
    /// <param name="maxRetryInterval">Longest wait between attempts. Default 1 hour.</param>
    /// <param name="retryTimeout">Time after the first attempt after which no attempt starts. Default infinite.</param>
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        var max = maxRetryInterval ?? TimeSpan.FromHours(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, firstRetryInterval, nameof(maxRetryInterval));
        var timeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(retryTimeout));
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = max;
        RetryTimeout = timeout;
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    public TimeSpan MaxRetryInterval { get; }

    /// <summary><see cref="Timeout.InfiniteTimeSpan"/> when there is none.</summary>
    public TimeSpan RetryTimeout { get; }

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfterAttempt(int attempt)
    {
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, attempt - 1);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Runs <paramref name="attempt"/> until it succeeds or this policy gives up, waiting on durable timers.</summary>
    internal async Task<T> RunAsync<T>(OrchestrationContext context, Func<Task<T>> attempt)
    {
        var firstAttemptAt = context.CurrentUtcDateTime;
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException) when (number < MaxNumberOfAttempts)
            {
                var nextAttemptAt = context.CurrentUtcDateTime + DelayAfterAttempt(number);
                if (RetryTimeout != Timeout.InfiniteTimeSpan && nextAttemptAt > firstAttemptAt + RetryTimeout)
                {
                    throw;
                }

                await context.CreateTimer(nextAttemptAt, CancellationToken.None);
            }
        }
    }
}

using System.Text.RegularExpressions;

namespace Lumina.Durable;

/// <summary>Settings of the durable runtime. Each property's comment gives its default.</summary>
public sealed partial class DurableOptions
{
    /// <summary>
    /// Name of the task hub. Hubs sharing a database do not see each other's instances or work.
    /// 1 to 64 letters, digits, '-', '_' or '.'. Default "default".
    /// </summary>
    public string TaskHub { get; set; } = "default";

    /// <summary>
    /// How long claimed work (an orchestration episode, an activity) stays locked to its worker. Locks are
    /// renewed every third of it while the work runs; a crashed worker's work is picked up once its lock
    /// expires. Default 2 minutes.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Orchestration episodes this process runs at once; 0 runs none (a client-only process). Default 8.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 8;

    /// <summary>
    /// Activities this process runs at once; 0 runs none. It holds at most twice as many claimed: the running
    /// ones and one round claimed ahead. Default 10 per processor.
    /// </summary>
    public int MaxConcurrentActivities { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Most events of one instance's inbox that one episode takes. Default 1,000.</summary>
    public int MaxEventsPerEpisode { get; set; } = 1000;

    /// <summary>Most activity tasks one claim takes (one round trip), within the room MaxConcurrentActivities leaves. Default 100.</summary>
    public int MaxActivitiesPerClaim { get; set; } = 100;

    /// <summary>
    /// Claims of the same episode or activity after which it is failed as poison instead of run again
    /// (each claim that ends without a result means a worker crashed or lost its lock). Default 10.
    /// </summary>
    public int MaxDequeueCount { get; set; } = 10;

    /// <summary>First wait of an idle poller; it doubles on each empty poll up to <see cref="MaxPollingInterval"/>. Default 50 ms.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest wait of an idle poller. Work enqueued by this process wakes its pollers at once. Default 3 s.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Instances whose running orchestrator is kept in memory between episodes (extended sessions), so that
    /// an episode applies only its new events instead of replaying the whole history. 0 turns this off.
    /// Default 1,000.
    /// </summary>
    public int MaxCachedOrchestrations { get; set; } = 1000;

    /// <summary>How long an idle orchestrator stays in that cache. Default 2 minutes.</summary>
    public TimeSpan CachedOrchestrationIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Creates or upgrades the durable schema when the hosted service starts. Default true.</summary>
    public bool CreateSchemaOnStart { get; set; } = true;

    /// <summary>Throws an <see cref="InvalidOperationException"/> naming the first invalid property.</summary>
    public void Validate()
    {
        if (TaskHub is null || !TaskHubName().IsMatch(TaskHub))
        {
            throw Invalid(nameof(TaskHub), $"must be 1 to 64 letters, digits, '-', '_' or '.' (got '{TaskHub}')");
        }

        RequirePositive(nameof(LockTimeout), LockTimeout);
        RequireAtLeast(nameof(MaxConcurrentOrchestrations), MaxConcurrentOrchestrations, 0);
        RequireAtLeast(nameof(MaxConcurrentActivities), MaxConcurrentActivities, 0);
        RequireAtLeast(nameof(MaxEventsPerEpisode), MaxEventsPerEpisode, 1);
        RequireAtLeast(nameof(MaxActivitiesPerClaim), MaxActivitiesPerClaim, 1);
        RequireAtLeast(nameof(MaxDequeueCount), MaxDequeueCount, 1);
        RequireAtLeast(nameof(MaxCachedOrchestrations), MaxCachedOrchestrations, 0);
        RequirePositive(nameof(MinPollingInterval), MinPollingInterval);
        RequirePositive(nameof(CachedOrchestrationIdleTimeout), CachedOrchestrationIdleTimeout);
        if (MaxPollingInterval < MinPollingInterval)
        {
            throw Invalid(nameof(MaxPollingInterval), $"must be at least MinPollingInterval ({MinPollingInterval}) (got {MaxPollingInterval})");
        }
    }

    private static void RequirePositive(string property, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            throw Invalid(property, $"must be positive (got {value})");
        }
    }

    private static void RequireAtLeast(string property, int value, int minimum)
    {
        if (value < minimum)
        {
            throw Invalid(property, $"must be at least {minimum} (got {value})");
        }
    }

    private static InvalidOperationException Invalid(string property, string problem) =>
        new($"DurableOptions.{property} {problem}.");

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}$")]
    private static partial Regex TaskHubName();
}

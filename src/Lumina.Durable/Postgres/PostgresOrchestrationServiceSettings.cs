using System.Text.RegularExpressions;
using Npgsql;

namespace Lumina.Durable.Postgres;

/// <summary>
/// Settings of <see cref="PostgresOrchestrationService"/>. Each property's comment gives its default;
/// <see cref="Validate"/> (run by the service's constructor) names the first invalid property.
/// </summary>
public sealed partial class PostgresOrchestrationServiceSettings
{
    /// <summary>
    /// The process's data source. Set this or <see cref="ConnectionString"/>, not both. Default none.
    /// The service does not dispose a data source it was given. The provider's calls leave no session
    /// state behind, so a data source with <c>No Reset On Close=true</c> spares it the reset statements
    /// Npgsql otherwise sends each time a pooled connection is reused.
    /// </summary>
    public NpgsqlDataSource? DataSource { get; set; }

    /// <summary>
    /// An Npgsql connection string, for which the service creates (and disposes) a data source of its own,
    /// with <c>No Reset On Close=true</c>. Set this or <see cref="DataSource"/>, not both. Default none.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Name of the task hub: hubs sharing a database do not see each other's instances or work.
    /// 1 to 64 letters, digits, '-', '_' or '.'. Default "default".
    /// </summary>
    public string TaskHub { get; set; } = "default";

    /// <summary>
    /// Names this worker in the locks it takes (1 to 200 characters). Must differ between processes sharing
    /// a hub. Default: machine name, process id and a random suffix, so unique per process.
    /// </summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// How long claimed work (an orchestration episode, an activity) stays locked to this worker. The
    /// Durable Task Framework renews the locks of work in progress from 30 s before they expire (every 5 to
    /// 30 s); a crashed worker's work is taken over once its locks expire, so this is also how long a crash
    /// delays its work. At least 10 s. Default 1 minute.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Orchestration episodes this worker runs at once (at least 1). Default 20 per processor.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 20 * Environment.ProcessorCount;

    /// <summary>
    /// Activities this worker runs at once (at least 1). It never holds more claimed than this. Default 10 per
    /// processor.
    /// </summary>
    public int MaxConcurrentActivities { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Fetch loops of the Durable Task Framework's orchestration dispatcher (at least 1). Default 2.</summary>
    public int OrchestrationDispatcherCount { get; set; } = 2;

    /// <summary>Fetch loops of the Durable Task Framework's activity dispatcher (at least 1). Default 2.</summary>
    public int ActivityDispatcherCount { get; set; } = 2;

    /// <summary>
    /// How long a worker keeps an instance it just checkpointed, locked and in memory, waiting for its next
    /// events (an extended session: the next episode neither reloads nor replays the history). Zero turns
    /// sessions off. Default 2 s.
    /// </summary>
    public TimeSpan ExtendedSessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most inbox events of one instance that one episode takes (at least 1). Default 1,000.</summary>
    public int MaxEventsPerEpisode { get; set; } = 1000;

    /// <summary>Most activity tasks one claim takes (one round trip), within the room MaxConcurrentActivities leaves (at least 1). Default 100.</summary>
    public int MaxActivitiesPerClaim { get; set; } = 100;

    /// <summary>Most activity results recorded in one transaction (at least 1). Default 100.</summary>
    public int MaxActivityResultsPerCommit { get; set; } = 100;

    /// <summary>First wait of an idle poller; it doubles on each empty poll up to <see cref="MaxPollingInterval"/>. Default 50 ms.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest wait of an idle poller; new work wakes pollers at once (see <see cref="UseNotifications"/>). Default 3 s.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Serialized events longer than this many characters keep their large field (input, result, failure
    /// details) in the payloads table instead of inline (at least 1,000). Default 8,000.
    /// </summary>
    public int MaxInlinePayloadSize { get; set; } = 8000;

    /// <summary>
    /// Wakes idle workers in other processes with PostgreSQL LISTEN/NOTIFY when this one makes work for them
    /// (workers in this process are woken directly). Without it, other processes find new work at their next
    /// poll, up to MaxPollingInterval later. Default true.
    /// </summary>
    public bool UseNotifications { get; set; } = true;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public void Validate()
    {
        if ((DataSource is null) == string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw Invalid(nameof(DataSource), "or ConnectionString must be set, and not both");
        }

        if (TaskHub is null || !TaskHubName().IsMatch(TaskHub))
        {
            throw Invalid(nameof(TaskHub), $"must be 1 to 64 letters, digits, '-', '_' or '.' (got '{TaskHub}')");
        }

        if (string.IsNullOrWhiteSpace(WorkerId) || WorkerId.Length > 200 || WorkerId.Contains('|', StringComparison.Ordinal))
        {
            throw Invalid(nameof(WorkerId), $"must be 1 to 200 characters without '|' (got '{WorkerId}')");
        }

        if (LockTimeout < TimeSpan.FromSeconds(10))
        {
            throw Invalid(nameof(LockTimeout), $"must be at least 10 s, since locks are renewed on 5-second ticks (got {LockTimeout})");
        }

        RequireAtLeast(nameof(MaxConcurrentOrchestrations), MaxConcurrentOrchestrations, 1);
        RequireAtLeast(nameof(MaxConcurrentActivities), MaxConcurrentActivities, 1);
        RequireAtLeast(nameof(OrchestrationDispatcherCount), OrchestrationDispatcherCount, 1);
        RequireAtLeast(nameof(ActivityDispatcherCount), ActivityDispatcherCount, 1);
        RequireAtLeast(nameof(MaxEventsPerEpisode), MaxEventsPerEpisode, 1);
        RequireAtLeast(nameof(MaxActivitiesPerClaim), MaxActivitiesPerClaim, 1);
        RequireAtLeast(nameof(MaxActivityResultsPerCommit), MaxActivityResultsPerCommit, 1);
        RequireAtLeast(nameof(MaxInlinePayloadSize), MaxInlinePayloadSize, 1000);
        if (ExtendedSessionIdleTimeout < TimeSpan.Zero || ExtendedSessionIdleTimeout > LockTimeout / 2)
        {
            throw Invalid(nameof(ExtendedSessionIdleTimeout), $"must be from zero to half the LockTimeout (got {ExtendedSessionIdleTimeout})");
        }

        if (MinPollingInterval <= TimeSpan.Zero)
        {
            throw Invalid(nameof(MinPollingInterval), $"must be positive (got {MinPollingInterval})");
        }

        if (MaxPollingInterval < MinPollingInterval)
        {
            throw Invalid(nameof(MaxPollingInterval), $"must be at least MinPollingInterval ({MinPollingInterval}) (got {MaxPollingInterval})");
        }
    }

    private static void RequireAtLeast(string property, int value, int minimum)
    {
        if (value < minimum)
        {
            throw Invalid(property, $"must be at least {minimum} (got {value})");
        }
    }

    private static ArgumentException Invalid(string property, string problem) =>
        new($"PostgresOrchestrationServiceSettings.{property} {problem}.", property);

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}$")]
    private static partial Regex TaskHubName();
}

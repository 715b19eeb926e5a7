using Microsoft.Extensions.Logging;

namespace Lumina.Durable.Postgres;

/// <summary>The PostgreSQL provider's log events.</summary>
internal static partial class ProviderLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a duplicate episode of {InstanceId}: another worker checkpointed it first")]
    public static partial void DuplicateEpisode(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped an episode of {InstanceId}: the instance is gone or runs another execution")]
    public static partial void StaleEpisode(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} event(s) of {InstanceId} that the Durable Task Framework did not process")]
    public static partial void DroppedEvents(ILogger logger, int count, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped the result of activity task {Seq} of {InstanceId}: another worker recorded it first")]
    public static partial void DuplicateActivityResult(ILogger logger, long seq, string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped the result of activity task {Seq} of {InstanceId}: the execution that scheduled it has ended")]
    public static partial void OrphanedActivityResult(ILogger logger, long seq, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lock on {Kind} {Id}: another worker may run it")]
    public static partial void LockLost(ILogger logger, string kind, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task hub notifications failed; polling carries on")]
    public static partial void NotificationFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not give back claimed work at stop; its locks will expire")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception);
}

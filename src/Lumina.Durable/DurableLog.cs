using Microsoft.Extensions.Logging;

namespace Lumina.Durable;

/// <summary>Every log message of the durable runtime.</summary>
internal static partial class DurableLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Durable worker {Owner} started on task hub '{TaskHub}' ({Orchestrations} orchestration and {Activities} activity slots)")]
    public static partial void WorkerStarted(ILogger logger, string owner, string taskHub, int orchestrations, int activities);

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable worker {Owner} stopped; handed back {Tasks} unfinished activities and {Instances} episodes")]
    public static partial void WorkerStopped(ILogger logger, string owner, int tasks, int instances);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling for {Kind} work failed; polling again after a pause")]
    public static partial void PollFailed(ILogger logger, string kind, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Replayed {Events} history events of instance '{InstanceId}'")]
    public static partial void Replayed(ILogger logger, string instanceId, int events);

    [LoggerMessage(Level = LogLevel.Error, Message = "The episode of instance '{InstanceId}' could not be run; its lock is released and it will be tried again")]
    public static partial void EpisodeFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a duplicate episode of instance '{InstanceId}': another worker already checkpointed history version {Version}")]
    public static partial void DuplicateEpisodeDropped(ILogger logger, string instanceId, int version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Discarded {Count} events that arrived after instance '{InstanceId}' finished")]
    public static partial void StrayEventsDiscarded(ILogger logger, string instanceId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Orchestration '{Name}' instance '{InstanceId}' is {Status}")]
    public static partial void OrchestrationEnded(ILogger logger, string name, string instanceId, OrchestrationRuntimeStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Orchestration '{Name}' instance '{InstanceId}' failed: {Failure}")]
    public static partial void OrchestrationFailed(ILogger logger, string name, string instanceId, string? failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "Instance '{InstanceId}' was claimed {Claims} times without a checkpoint; failing it as poison")]
    public static partial void PoisonOrchestration(ILogger logger, string instanceId, int claims);

    [LoggerMessage(Level = LogLevel.Error, Message = "Activity '{Name}' of instance '{InstanceId}' was dequeued {Count} times without a result; failing it as poison")]
    public static partial void PoisonActivity(ILogger logger, string name, string instanceId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity '{Name}' (#{TaskId}) of instance '{InstanceId}' failed")]
    public static partial void ActivityFailed(ILogger logger, string name, int taskId, string instanceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity '{Name}' of instance '{InstanceId}' is not registered in this worker")]
    public static partial void ActivityNotFound(ILogger logger, string name, string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} activity results: another worker had already recorded them, or their execution has ended")]
    public static partial void ResultsDropped(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording {Count} activity results failed; those activities will run again once their locks expire")]
    public static partial void CompletionFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing locks failed; renewing again at the next interval")]
    public static partial void RenewalFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handing back unfinished work at shutdown failed; it will be picked up when its locks expire")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception);
}

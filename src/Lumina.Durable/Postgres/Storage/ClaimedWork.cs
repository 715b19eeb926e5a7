using DurableTask.Core;
using DurableTask.Core.History;

namespace Lumina.Durable.Postgres.Storage;

/// <summary>
/// An orchestration episode claimed from the task hub, with what its checkpoint needs to know. In an
/// extended session the same work item goes on with the instance's next batches.
/// </summary>
internal sealed class ClaimedOrchestration : TaskOrchestrationWorkItem
{
    private int _settled;

    /// <summary>The execution the instance runs; a checkpoint for another one is stale.</summary>
    public required string ExecutionId { get; set; }

    /// <summary>The batch's inbox events (their seq), which the checkpoint deletes.</summary>
    public required IReadOnlyList<long> EventSeqs { get; set; }

    /// <summary>The payload rows of the batch's events, which their history rows keep referencing.</summary>
    public required IReadOnlyDictionary<HistoryEvent, Guid> EventPayloads { get; set; }

    /// <summary>A checkpoint of this session was dropped (stale or duplicate): the session cannot go on.</summary>
    public bool Aborted { get; set; }

    /// <summary>True once, for the first caller that checkpoints, releases or abandons this claim.</summary>
    public bool TrySettle() => Interlocked.Exchange(ref _settled, 1) == 0;
}

/// <summary>An activity task claimed from the queue.</summary>
internal sealed class ClaimedTask : TaskActivityWorkItem
{
    private int _settled;

    public required long Seq { get; init; }

    /// <summary>True once, for the first caller that completes, releases or abandons this claim.</summary>
    public bool TrySettle() => Interlocked.Exchange(ref _settled, 1) == 0;
}

/// <summary>What one claim of orchestration work found: an episode, or when the next instance becomes ready.</summary>
internal sealed record OrchestrationClaim(ClaimedOrchestration? WorkItem, DateTime? NextReadyTime);

/// <summary>The next batch of an instance held in an extended session.</summary>
internal sealed record SessionBatch(
    string ExecutionId, DateTime LockedUntil, List<TaskMessage> Messages, IReadOnlyList<long> Seqs, IReadOnlyDictionary<HistoryEvent, Guid> Payloads);

/// <summary>The checkpoint's outcome ('applied' or 'stale') and the claim made in the same transaction.</summary>
internal sealed record CheckpointResult(bool Applied, OrchestrationClaim NextClaim);

using Lumina.Durable.History;
using Lumina.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace Lumina.Durable.Orchestration.Replay;

/// <summary>
/// One execution of an orchestrator, alive between episodes: replays its history once, then applies each
/// episode's new events and turns the calls they cause into a <see cref="Checkpoint"/>. Kept in memory
/// (extended session) while the instance runs, so later episodes do not replay.
/// </summary>
internal sealed class OrchestrationSession
{
    private readonly OrchestratorRegistration? _registration;
    private readonly DurableRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly ReplayContext _context;
    private readonly OrchestrationScheduler _scheduler = new();
    private Task<string?>? _orchestrator;
    private bool _suspended;
    private Outcome? _outcome;

    public OrchestrationSession(ClaimedOrchestration claim, DurableRegistry registry, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        InstanceId = claim.InstanceId;
        Name = claim.Name;
        ExecutionId = claim.ExecutionId;
        Parent = claim.Parent;
        Version = claim.HistoryVersion;
        Input = claim.Input;
        _registry = registry;
        _registration = registry.FindOrchestrator(claim.Name);
        _services = services;
        _context = new ReplayContext(claim.InstanceId, claim.Name, claim.Input, loggerFactory);
    }

    public string InstanceId { get; }

    public string Name { get; }

    public Guid ExecutionId { get; }

    /// <summary>History rows of the execution as stored: where the next checkpoint starts.</summary>
    public int Version { get; private set; }

    /// <summary>True once the execution has ended; such a session is not kept.</summary>
    public bool IsFinished => _outcome is not null;

    private ParentInstance? Parent { get; }

    private string? Input { get; }

    /// <summary>Re-runs the orchestrator over its stored history; a mismatch fails the execution.</summary>
    public void Replay(IReadOnlyList<HistoryEvent> history)
    {
        using var scope = _scheduler.Enter();
        _context.SetReplaying(true);
        try
        {
            foreach (var historyEvent in history)
            {
                if (_outcome is not null)
                {
                    break;
                }

                Apply(historyEvent);
            }
        }
        catch (NonDeterminismException e)
        {
            _outcome = Outcome.Failed(NonDeterminismFailure(e));
        }
        finally
        {
            _context.SetReplaying(false);
        }
    }

    /// <summary>Fails the execution without running it: its work kept crashing workers.</summary>
    public void FailAsPoison(string message) =>
        _outcome = Outcome.Failed(new FailureDetails("PoisonOrchestration", message));

    /// <summary>Applies one episode's inbox events and returns what it writes.</summary>
    public Checkpoint RunEpisode(IReadOnlyList<InboxEvent> inbox, DateTime utcNow)
    {
        var checkpoint = new Checkpoint(InstanceId, ExecutionId, Version);
        using var scope = _scheduler.Enter();
        _context.SetTime(utcNow);
        checkpoint.History.Add(new HistoryEvent(HistoryEventType.OrchestratorStarted, utcNow));
        var deferred = new List<InboxEvent>();
        foreach (var inboxEvent in inbox.OrderBy(e => e.Event.EventType == HistoryEventType.ExecutionStarted ? 0 : 1))
        {
            Accept(inboxEvent, checkpoint, deferred);
        }

        if (_outcome is null && _scheduler.Violation is { } violation)
        {
            _outcome = Outcome.Failed(new FailureDetails("NonDeterministicAwait", violation));
        }

        Finish(checkpoint, utcNow);
        return checkpoint;
    }

    /// <summary>The next episode starts after <paramref name="checkpoint"/> (if it is not written, this session is outdated).</summary>
    public void Advance(Checkpoint checkpoint) => Version += checkpoint.History.Count;

    private void Accept(InboxEvent inboxEvent, Checkpoint checkpoint, List<InboxEvent> deferred)
    {
        if (_outcome is { } outcome)
        {
            // After ContinueAsNew, events for whichever execution runs wait for the next execution.
            if (outcome.Status != OrchestrationRuntimeStatus.ContinuedAsNew || inboxEvent.ExecutionId is not null)
            {
                checkpoint.Consumed.Add(inboxEvent.Seq);
            }

            return;
        }

        if (inboxEvent.ExecutionId is { } execution && execution != ExecutionId)
        {
            checkpoint.Consumed.Add(inboxEvent.Seq);
            return;
        }

        var type = inboxEvent.Event.EventType;
        if (_suspended && type is not (HistoryEventType.ExecutionResumed or HistoryEventType.ExecutionTerminated))
        {
            deferred.Add(inboxEvent);
            return;
        }

        checkpoint.Consumed.Add(inboxEvent.Seq);
        var historyEvent = type == HistoryEventType.ExecutionStarted ? inboxEvent.Event with { Name = Name, Payload = Input } : inboxEvent.Event;
        try
        {
            if (Apply(historyEvent))
            {
                checkpoint.History.Add(historyEvent);
            }
        }
        catch (NonDeterminismException e)
        {
            _outcome = Outcome.Failed(NonDeterminismFailure(e));
        }

        if (type == HistoryEventType.ExecutionResumed && !_suspended)
        {
            var waiting = deferred.ToList();
            deferred.Clear();
            foreach (var waitingEvent in waiting)
            {
                Accept(waitingEvent, checkpoint, deferred);
            }
        }
    }

    /// <summary>Applies a history event to the execution; false when it changed nothing (and is not recorded).</summary>
    private bool Apply(HistoryEvent historyEvent)
    {
        bool applied;
        switch (historyEvent.EventType)
        {
            case HistoryEventType.OrchestratorStarted:
                _context.SetTime(historyEvent.Timestamp);
                return true;
            case HistoryEventType.ExecutionStarted:
                applied = _orchestrator is null;
                if (applied)
                {
                    Start();
                }

                break;
            case HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated or
                HistoryEventType.SubOrchestrationInstanceCreated or HistoryEventType.EventSent:
                _context.MatchScheduled(historyEvent);
                return true;
            case HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed or HistoryEventType.TimerFired or
                HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed:
                applied = _context.Complete(historyEvent);
                break;
            case HistoryEventType.EventRaised:
                _context.Events.Deliver(historyEvent.Name ?? "", historyEvent.Payload);
                applied = true;
                break;
            case HistoryEventType.ExecutionSuspended:
                applied = !_suspended;
                _suspended = true;
                break;
            case HistoryEventType.ExecutionResumed:
                applied = _suspended;
                _suspended = false;
                break;
            case HistoryEventType.ExecutionTerminated:
                _outcome = Outcome.Terminated(historyEvent.Payload);
                return true;
            default:
                return false;
        }

        _scheduler.RunUntilIdle();
        CheckCompletion();
        return applied;
    }

    private void Start()
    {
        if (_registration is null)
        {
            _outcome = Outcome.Failed(new FailureDetails("OrchestratorNotFound",
                $"No orchestrator named '{Name}' is registered in this worker (registered: {_registry.OrchestratorNames})."));
            return;
        }

        _orchestrator = _scheduler.Start(() => _registration.Run(_services, _context, Input));
    }

    private void CheckCompletion()
    {
        if (_outcome is not null || _orchestrator is not { IsCompleted: true } done)
        {
            return;
        }

        try
        {
            var output = done.GetAwaiter().GetResult();
            _outcome = _context.ContinueAsNewRequest is { } next
                ? Outcome.ContinuedAsNew(next.Input, next.PreserveEvents)
                : Outcome.Completed(output);
        }
        catch (Exception e)
        {
            _outcome = Outcome.Failed(FailureDetails.FromException(e));
        }
    }

    private void Finish(Checkpoint checkpoint, DateTime utcNow)
    {
        var actions = _context.TakeNewActions();
        checkpoint.CustomStatus = _context.CustomStatus;
        switch (_outcome)
        {
            case null:
                actions.ForEach(a => Emit(a, checkpoint, utcNow));
                checkpoint.Status = _orchestrator is null ? OrchestrationRuntimeStatus.Pending
                    : _suspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running;
                break;
            case { Status: OrchestrationRuntimeStatus.ContinuedAsNew } next:
                actions.Where(IsFireAndForget).ToList().ForEach(a => Emit(a, checkpoint, utcNow));
                checkpoint.Status = OrchestrationRuntimeStatus.ContinuedAsNew;
                checkpoint.ContinueInput = next.Output;
                if (next.PreserveEvents)
                {
                    checkpoint.Events.AddRange(_context.Events.Buffered.Select(e =>
                        new OutboundEvent(InstanceId, null, HistoryEventType.EventRaised, null, e.Name, e.Payload, null)));
                }

                // The next execution starts with an empty history.
                checkpoint.History.Clear();
                return;
            case { Status: OrchestrationRuntimeStatus.Terminated } terminated:
                checkpoint.Status = OrchestrationRuntimeStatus.Terminated;
                checkpoint.Output = terminated.Output;
                NotifyParent(checkpoint);
                break;
            case var ended:
                actions.Where(IsFireAndForget).ToList().ForEach(a => Emit(a, checkpoint, utcNow));
                checkpoint.Status = ended.Status;
                checkpoint.Output = ended.Output;
                var endEvent = ended.Status == OrchestrationRuntimeStatus.Completed
                    ? HistoryEventType.ExecutionCompleted : HistoryEventType.ExecutionFailed;
                checkpoint.History.Add(new HistoryEvent(endEvent, utcNow) { Payload = ended.Output });
                NotifyParent(checkpoint);
                break;
        }

        checkpoint.History.Add(new HistoryEvent(HistoryEventType.OrchestratorCompleted, utcNow));
    }

    /// <summary>Calls that still go out when the execution ends in the same episode; awaited work is dropped.</summary>
    private static bool IsFireAndForget(PendingAction action) =>
        action.Kind is ActionKind.SendEvent or ActionKind.SubOrchestration;

    private void Emit(PendingAction action, Checkpoint checkpoint, DateTime utcNow)
    {
        checkpoint.History.Add(action.ToHistoryEvent(utcNow));
        switch (action.Kind)
        {
            case ActionKind.Activity:
                checkpoint.Tasks.Add(new NewTask(action.Id, action.Name, action.Payload));
                break;
            case ActionKind.Timer:
                checkpoint.Events.Add(new OutboundEvent(InstanceId, ExecutionId, HistoryEventType.TimerFired, action.Id, null, null, action.FireAt));
                break;
            case ActionKind.SubOrchestration:
                checkpoint.Children.Add(new NewChild(action.InstanceRef!, action.Name, action.Payload, action.Id));
                break;
            default:
                checkpoint.Events.Add(new OutboundEvent(action.InstanceRef!, null, HistoryEventType.EventRaised, null, action.Name, action.Payload, null));
                break;
        }
    }

    private void NotifyParent(Checkpoint checkpoint)
    {
        if (Parent is not { } parent)
        {
            return;
        }

        var (type, payload) = checkpoint.Status switch
        {
            OrchestrationRuntimeStatus.Completed => (HistoryEventType.SubOrchestrationInstanceCompleted, checkpoint.Output),
            OrchestrationRuntimeStatus.Failed => (HistoryEventType.SubOrchestrationInstanceFailed, checkpoint.Output),
            _ => (HistoryEventType.SubOrchestrationInstanceFailed, DurableJson.Serialize(new FailureDetails(
                "OrchestrationTerminated", $"Sub-orchestration '{InstanceId}' was terminated: {checkpoint.Output}"))),
        };
        checkpoint.Events.Add(new OutboundEvent(parent.InstanceId, parent.ExecutionId, type, parent.TaskId, Name, payload, null));
    }

    private FailureDetails NonDeterminismFailure(NonDeterminismException e) => new(
        typeof(NonDeterminismException).FullName!,
        $"Orchestrator '{Name}' is not deterministic: {e.Message} An orchestrator must make the same durable calls in the same order on every replay.");
}

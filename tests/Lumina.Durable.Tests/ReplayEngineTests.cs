using Lumina.Durable.History;
using Lumina.Durable.Orchestration;
using Lumina.Durable.Orchestration.Replay;
using Lumina.Durable.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lumina.Durable.Tests;

/// <summary>The replay engine in memory: episodes in, checkpoints out, no database.</summary>
public sealed class ReplayEngineTests
{
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Execution = Guid.NewGuid();

    [Fact]
    public void AFirstEpisodeRecordsTheCallsTheOrchestratorMakesAsNewWork()
    {
        var session = NewSession((context, _) =>
            Task.WhenAll(context.CallActivityAsync<int>("A", 1), context.CallActivityAsync<int>("B", 2), context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None)));

        var checkpoint = session.RunEpisode([Inbox(1, HistoryEventType.ExecutionStarted)], Start);

        Assert.Equal(OrchestrationRuntimeStatus.Running, checkpoint.Status);
        Assert.Equal([1L], checkpoint.Consumed);
        Assert.Equal(
            [HistoryEventType.OrchestratorStarted, HistoryEventType.ExecutionStarted, HistoryEventType.TaskScheduled,
             HistoryEventType.TaskScheduled, HistoryEventType.TimerCreated, HistoryEventType.OrchestratorCompleted],
            checkpoint.History.Select(h => h.EventType));
        Assert.Equal([(0, "A", "1"), (1, "B", "2")], checkpoint.Tasks.Select(t => (t.TaskId, t.Name, t.Input)));
        var timer = Assert.Single(checkpoint.Events);
        Assert.Equal((HistoryEventType.TimerFired, 2, Start.AddHours(1)), (timer.Type, timer.TaskId!.Value, timer.VisibleTime!.Value));
    }

    [Fact]
    public void CompletionsReachTheirOwnCallsAndADuplicateIsNeitherAppliedNorRecorded()
    {
        var session = NewSession(async (context, _) =>
            string.Join(",", await Task.WhenAll(context.CallActivityAsync<string>("A"), context.CallActivityAsync<string>("B"))));
        session.Advance(session.RunEpisode([Inbox(1, HistoryEventType.ExecutionStarted)], Start));

        var checkpoint = session.RunEpisode(
            [Completed(2, 1, "\"b\""), Completed(3, 0, "\"a\""), Completed(4, 0, "\"again\"")], Start.AddSeconds(1));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, checkpoint.Status);
        Assert.Equal("\"a,b\"", checkpoint.Output);
        Assert.Equal([2L, 3L, 4L], checkpoint.Consumed);
        Assert.Equal(2, checkpoint.History.Count(h => h.EventType == HistoryEventType.TaskCompleted));
    }

    [Fact]
    public void ReplayingADifferentCallFailsTheInstanceNamingBothCalls()
    {
        IReadOnlyList<HistoryEvent> history =
        [
            new(HistoryEventType.OrchestratorStarted, Start),
            new(HistoryEventType.ExecutionStarted, Start) { Name = "Orchestrator" },
            new(HistoryEventType.TaskScheduled, Start) { TaskId = 0, Name = "Charge" },
            new(HistoryEventType.OrchestratorCompleted, Start),
        ];
        var session = NewSession((context, _) => context.CallActivityAsync<int>("Refund"), history.Count);
        session.Replay(history);

        var checkpoint = session.RunEpisode([Completed(5, 0, "1")], Start.AddSeconds(1));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, checkpoint.Status);
        var failure = DurableJson.Deserialize<FailureDetails>(checkpoint.Output)!;
        Assert.True(failure.IsCausedBy<NonDeterminismException>());
        Assert.Contains("call #0 as CallActivityAsync(\"Charge\")", failure.ErrorMessage);
        Assert.Contains("made CallActivityAsync(\"Refund\") instead", failure.ErrorMessage);
        Assert.Contains("Orchestrator 'Orchestrator'", failure.ErrorMessage);
    }

    [Fact]
    public void ReplayingWithoutACallTheHistoryRecordsFailsTheInstance()
    {
        IReadOnlyList<HistoryEvent> history =
        [
            new(HistoryEventType.OrchestratorStarted, Start),
            new(HistoryEventType.ExecutionStarted, Start),
            new(HistoryEventType.TimerCreated, Start) { TaskId = 0, FireAt = Start.AddMinutes(1) },
            new(HistoryEventType.OrchestratorCompleted, Start),
        ];
        var session = NewSession((context, _) => context.WaitForExternalEvent<int>("go"), history.Count);
        session.Replay(history);

        var checkpoint = session.RunEpisode([Inbox(5, HistoryEventType.TimerFired, taskId: 0)], Start.AddMinutes(1));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, checkpoint.Status);
        Assert.Contains("call #0 as CreateTimer(...), but on replay the orchestrator did not make call #0",
            DurableJson.Deserialize<FailureDetails>(checkpoint.Output)!.ErrorMessage);
    }

    [Fact]
    public void NewGuidGivesTheSameNameBasedIdOnReplay()
    {
        static async Task<object?> Orchestrator(OrchestrationContext context, int _)
        {
            var id = context.NewGuid();
            await context.CallActivityAsync<string>("Store", id);
            return id;
        }

        var first = NewSession(Orchestrator);
        var episode = first.RunEpisode([Inbox(1, HistoryEventType.ExecutionStarted)], Start);
        var replayed = NewSession(Orchestrator, episode.History.Count);
        replayed.Replay(episode.History);

        var done = replayed.RunEpisode([Completed(2, 0, "\"ok\"")], Start.AddSeconds(1));

        // uuid.uuid5(uuid.NAMESPACE_URL, "instance-1_2024-01-01T00:00:00.0000000Z_0") in Python.
        Assert.Equal("\"46d4aadc-522e-5664-bb33-f0f95d998d5a\"", done.Output);
        Assert.Equal(done.Output, Assert.Single(episode.Tasks).Input);
    }

    [Fact]
    public void CancellingADurableTimerCancelsItsTask()
    {
        var session = NewSession(async (context, _) =>
        {
            using var cancel = new CancellationTokenSource();
            var timer = context.CreateTimer(TimeSpan.FromHours(1), cancel.Token);
            cancel.Cancel();
            try
            {
                await timer;
                return "fired";
            }
            catch (TaskCanceledException)
            {
                return "cancelled";
            }
        });

        var checkpoint = session.RunEpisode([Inbox(1, HistoryEventType.ExecutionStarted)], Start);

        Assert.Equal("\"cancelled\"", checkpoint.Output);
    }

    [Fact]
    public void ExternalEventsAreBufferedFirstInFirstOutWhateverTheCaseOfTheirName()
    {
        var session = NewSession(async (context, _) =>
            $"{await context.WaitForExternalEvent<int>("Approval")},{await context.WaitForExternalEvent<int>("approval")}");

        var checkpoint = session.RunEpisode(
            [Inbox(1, HistoryEventType.ExecutionStarted), Raised(2, "APPROVAL", "1"), Raised(3, "aPPROVAL", "2")], Start);

        Assert.Equal("\"1,2\"", checkpoint.Output);
    }

    [Fact]
    public void ASuspendedInstanceLeavesItsEventsInTheInboxUntilItIsResumed()
    {
        var session = NewSession((context, _) => context.WaitForExternalEvent<int>("go"));

        var suspended = session.RunEpisode(
            [Inbox(1, HistoryEventType.ExecutionStarted), Inbox(2, HistoryEventType.ExecutionSuspended), Raised(3, "go", "7")], Start);
        session.Advance(suspended);
        var resumed = session.RunEpisode([Inbox(4, HistoryEventType.ExecutionResumed), Raised(3, "go", "7")], Start.AddSeconds(1));

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended.Status);
        Assert.Equal([1L, 2L], suspended.Consumed);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, resumed.Status);
        Assert.Equal("7", resumed.Output);
    }

    [Fact]
    public void ContinueAsNewStartsAFreshHistoryCarryingBufferedEventsAndLeavingLaterOnesQueued()
    {
        var session = NewSession(async (context, n) =>
        {
            await context.WaitForExternalEvent<int>("first");
            context.ContinueAsNew(n + 1);
            return n;
        });

        var checkpoint = session.RunEpisode(
            [Inbox(1, HistoryEventType.ExecutionStarted), Raised(2, "buffered", "\"x\""), Raised(3, "first", "1"), Raised(4, "after", "2")], Start);

        Assert.Equal(OrchestrationRuntimeStatus.ContinuedAsNew, checkpoint.Status);
        Assert.Equal("4", checkpoint.ContinueInput);
        Assert.Empty(checkpoint.History);
        Assert.Equal([1L, 2L, 3L], checkpoint.Consumed);
        var carried = Assert.Single(checkpoint.Events);
        Assert.Equal(("instance-1", HistoryEventType.EventRaised, "buffered", "\"x\""), (carried.InstanceId, carried.Type, carried.Name!, carried.Payload!));
    }

    [Fact]
    public void AwaitingSomethingOtherThanADurableTaskFailsTheInstance()
    {
        var outside = new TaskCompletionSource<int>();
        var session = NewSession(async (context, _) =>
        {
            await outside.Task;
            return await context.WaitForExternalEvent<int>("never");
        });
        session.Advance(session.RunEpisode([Inbox(1, HistoryEventType.ExecutionStarted)], Start));

        outside.SetResult(1);
        var checkpoint = session.RunEpisode([Raised(2, "other", "1")], Start.AddSeconds(1));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, checkpoint.Status);
        Assert.Contains("not a durable task", DurableJson.Deserialize<FailureDetails>(checkpoint.Output)!.ErrorMessage);
    }

    private static OrchestrationSession NewSession<TOutput>(Func<OrchestrationContext, int, Task<TOutput>> orchestrator, int historyVersion = 0)
    {
        var registry = new DurableRegistry();
        new DurableBuilder(new ServiceCollection(), registry).AddOrchestrator("Orchestrator", orchestrator);
        var claim = new ClaimedOrchestration(
            "instance-1", Execution, "Orchestrator", OrchestrationRuntimeStatus.Running, "3", null, historyVersion, 1, []);
        return new OrchestrationSession(claim, registry, new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);
    }

    private static OrchestrationSession NewSession(Func<OrchestrationContext, int, Task> orchestrator, int historyVersion = 0) =>
        NewSession<object?>(async (context, input) =>
        {
            await orchestrator(context, input);
            return null;
        }, historyVersion);

    private static InboxEvent Inbox(long seq, HistoryEventType type, int? taskId = null) =>
        new(seq, null, new HistoryEvent(type, Start) { TaskId = taskId });

    private static InboxEvent Completed(long seq, int taskId, string result) =>
        new(seq, Execution, new HistoryEvent(HistoryEventType.TaskCompleted, Start) { TaskId = taskId, Payload = result });

    private static InboxEvent Raised(long seq, string name, string payload) =>
        new(seq, null, new HistoryEvent(HistoryEventType.EventRaised, Start) { Name = name, Payload = payload });
}

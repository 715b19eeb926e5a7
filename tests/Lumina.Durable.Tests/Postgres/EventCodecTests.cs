using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Serializing;
using Lumina.Durable.Postgres.Storage;

namespace Lumina.Durable.Tests.Postgres;

public sealed class EventCodecTests
{
    private static readonly DurableTask.Core.FailureDetails Failure = new("System.InvalidOperationException", "boom", "at Foo()", new DurableTask.Core.FailureDetails("Inner", "in", null, null, true), false);

    public static TheoryData<HistoryEvent> Events() =>
    [
        new ExecutionStartedEvent(-1, "\"in\"")
        {
            Name = "N", Version = "1", OrchestrationInstance = new OrchestrationInstance { InstanceId = "i", ExecutionId = "e" },
            Tags = new Dictionary<string, string> { ["t"] = "v" }, ScheduledStartTime = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            ParentInstance = new ParentInstance { Name = "P", TaskScheduleId = 3, OrchestrationInstance = new OrchestrationInstance { InstanceId = "p", ExecutionId = "pe" } },
        },
        new ExecutionCompletedEvent(9, "\"out\"", OrchestrationStatus.Failed, Failure),
        new ContinueAsNewEvent(4, "\"next\""),
        new ExecutionTerminatedEvent(-1, "why"),
        new ExecutionSuspendedEvent(-1, "pause"),
        new ExecutionResumedEvent(-1, "go"),
        new TaskScheduledEvent(1, "Act", "", "\"x\""),
        new TaskCompletedEvent(-1, 1, "42"),
        new TaskFailedEvent(-1, 1, "reason", "details", Failure),
        new SubOrchestrationInstanceCreatedEvent(2) { Name = "S", InstanceId = "c", Input = "1" },
        new SubOrchestrationInstanceCompletedEvent(-1, 2, "7"),
        new SubOrchestrationInstanceFailedEvent(-1, 2, "r", "d", Failure),
        new TimerCreatedEvent(3, new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Utc)),
        new TimerFiredEvent(-1, new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Utc)) { TimerId = 3 },
        new EventRaisedEvent(-1, "\"e\"") { Name = "go" },
        new EventSentEvent(5) { InstanceId = "o", Name = "go", Input = "1" },
        new OrchestratorStartedEvent(-1),
        new OrchestratorCompletedEvent(-1),
        new GenericEvent(6, "data"),
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void EveryEventTypeRoundTripsWithAllItsFields(HistoryEvent historyEvent)
    {
        historyEvent.Timestamp = new DateTime(2026, 12, 3, 10, 11, 12, DateTimeKind.Utc);

        var stored = EventCodec.Encode(historyEvent, inlineLimit: 100_000);
        var back = EventCodec.Decode(stored.EventType, stored.Data, stored.Payload);

        Assert.Null(stored.PayloadId);
        Assert.IsType(historyEvent.GetType(), back);
        Assert.Equal(JsonDataConverter.Default.Serialize(historyEvent), JsonDataConverter.Default.Serialize(back));
    }

    [Fact]
    public void ALargeEventKeepsItsLargeFieldApart()
    {
        var result = new string('x', 5000);
        var completed = new TaskCompletedEvent(-1, 7, result);

        var stored = EventCodec.Encode(completed, inlineLimit: 1000);

        Assert.NotNull(stored.PayloadId);
        Assert.Equal(result, stored.Payload);
        Assert.DoesNotContain(result, stored.Data, StringComparison.Ordinal);
        var back = Assert.IsType<TaskCompletedEvent>(EventCodec.Decode(stored.EventType, stored.Data, stored.Payload));
        Assert.Equal((7, result), (back.TaskScheduledId, back.Result));
    }

    [Fact]
    public void AnUnknownEventTypeIsRefusedWithAClearMessage()
    {
        var error = Assert.Throws<NotSupportedException>(() => EventCodec.Decode("EntityOperationCalled", "{}", null));

        Assert.Contains("EntityOperationCalled", error.Message, StringComparison.Ordinal);
    }
}

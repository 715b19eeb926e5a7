using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Lumina.DurableTask.Tests.Cases;

namespace Lumina.DurableTask.Tests;

/// <summary>
/// The cases every durable provider must pass, run through Lumina's DTFx wiring with Microsoft.DurableTask classes.
/// Each provider's test class derives from this one. Timers are asserted to the second only: Azure Storage fires
/// them up to a second early.
/// </summary>
public abstract class ConformanceSuite(ProviderFixture provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected ProviderFixture Provider => provider;

    private DurableTaskClient Client => provider.Client;

    [Fact]
    public async Task ActivitiesRunInSequence()
    {
        var done = await RunAsync(nameof(Sequence), "x");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("x1.2.3.4.5.", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task FanOutAndFanIn()
    {
        var done = await RunAsync(nameof(FanOut), 30);

        Assert.Equal(Enumerable.Range(1, 30).Sum(i => (long)i * i), done.ReadOutputAs<long>());
    }

    [Fact]
    public async Task SubOrchestrationsRunUnderTheirIdAndKnowTheirParent()
    {
        var id = NewId();
        var done = await RunAsync(nameof(Parent), "hello", id);

        Assert.Equal($"hello from {nameof(Parent)}/{id} as {id}:child", done.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await Client.GetInstanceAsync($"{id}:child", Ct))!.RuntimeStatus);
    }

    [Fact]
    public async Task DurableTimersWaitTheirDelay()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var done = await RunAsync(nameof(Sleep), 3.0);

        var times = done.ReadOutputAs<DateTime[]>()!;
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(2), $"orchestration time moved {times[1] - times[0]} over a 3 s timer");
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2), $"a 3 s timer completed after {watch.Elapsed}");
    }

    [Fact]
    public async Task ExternalEventsAreBufferedInOrderAndMatchNamesIgnoringCase()
    {
        var id = await StartAsync(nameof(TwoEvents), null);
        await Client.WaitForInstanceStartAsync(id, Ct);
        await Client.RaiseEventAsync(id, "go", "first", Ct);
        await Client.RaiseEventAsync(id, "GO", "second", Ct);

        var done = await WaitAsync(id);

        Assert.Equal(["first", "second"], done.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task RetriesBackOffUntilAnAttemptSucceeds()
    {
        var done = await RunAsync(nameof(Retrying), 2);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(3, done.ReadOutputAs<int>());
        var attempts = Flaky.Attempts[done.InstanceId].ToArray();
        Assert.Equal(3, attempts.Length);
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromSeconds(1), $"first retry after {attempts[1] - attempts[0]} (policy: 2 s)");
        Assert.True(attempts[2] - attempts[1] >= TimeSpan.FromSeconds(3), $"second retry after {attempts[2] - attempts[1]} (policy: 4 s)");
    }

    [Fact]
    public async Task RetriesGiveUpAfterTheLastAttempt()
    {
        var done = await RunAsync(nameof(Retrying), 5);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(3, Flaky.Attempts[done.InstanceId].Count);
        Assert.Contains("attempt 3 fails", done.FailureDetails!.ErrorMessage);
    }

    [Fact]
    public async Task ActivityExceptionsReachTheOrchestratorAsTaskFailures()
    {
        var caught = await RunAsync(nameof(CatchFailure), "caught");
        var uncaught = await RunAsync(nameof(FailUncaught), "uncaught");

        Assert.Equal("System.InvalidOperationException: boom: caught (caused by InvalidOperationException: True)", caught.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, uncaught.RuntimeStatus);
        Assert.Contains("boom: uncaught", uncaught.FailureDetails!.ErrorMessage);
    }

    [Fact]
    public async Task TerminateEndsARunningInstanceWithItsReason()
    {
        var id = await StartAsync(nameof(TwoEvents), null);
        await Client.WaitForInstanceStartAsync(id, Ct);

        await Client.TerminateInstanceAsync(id, "enough", Ct);
        var done = await WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("enough", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task AnInstanceTerminatedWhilePendingWithNoWorkerEndsTerminatedWithoutItsWorkOnceAWorkerComes()
    {
        var hub = ProviderFixture.NewTaskHub();
        var id = NewId();
        using var client = await provider.StartHostAsync(hub, runWork: false, Cases.Register);
        var durable = client.Services.GetRequiredService<DurableTaskClient>();
        await durable.ScheduleNewOrchestrationInstanceAsync(nameof(Sequence), "never", new StartOrchestrationOptions(id), Ct);
        await durable.TerminateInstanceAsync(id, "cancelled before it ran", Ct);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        var pending = await durable.GetInstanceAsync(id, Ct);

        using var worker = await provider.StartHostAsync(hub, runWork: true, Cases.Register);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        var done = await durable.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("cancelled before it ran", done.ReadOutputAs<string>());
        Assert.DoesNotContain(await durable.GetOrchestrationHistoryAsync(id, Ct), e => e is global::DurableTask.Core.History.TaskCompletedEvent);
        await worker.StopAsync(Ct);
    }

    [Fact]
    public async Task SuspendedInstancesTakeNoEventsUntilResumed()
    {
        var id = await StartAsync(nameof(TwoEvents), null);
        await Client.WaitForInstanceStartAsync(id, Ct);
        await Client.SuspendInstanceAsync(id, "hold", Ct);
        await Eventually.TrueAsync(async () => (await Client.GetInstanceAsync(id, Ct))!.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, "suspended");

        await Client.RaiseEventAsync(id, "Go", "first", Ct);
        await Client.RaiseEventAsync(id, "Go", "second", Ct);
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        var held = await Client.GetInstanceAsync(id, Ct);
        await Client.ResumeInstanceAsync(id, "go on", Ct);
        var done = await WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, held!.RuntimeStatus);
        Assert.NotEqual("\"one\"", held.SerializedCustomStatus);
        Assert.Equal(["first", "second"], done.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task PurgeDeletesFinishedInstancesOneOrByFilter()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var one = (await RunAsync(nameof(Sequence), "p")).InstanceId;
        var two = (await RunAsync(nameof(Sequence), "q")).InstanceId;
        var three = (await RunAsync(nameof(FailUncaught), "r")).InstanceId;

        var single = await Client.PurgeInstanceAsync(one, cancellation: Ct);
        var filtered = await Client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(from, DateTimeOffset.UtcNow.AddSeconds(1), [OrchestrationRuntimeStatus.Completed]), cancellation: Ct);

        Assert.Equal(1, single.PurgedInstanceCount);
        Assert.Null(await Client.GetInstanceAsync(one, Ct));
        Assert.True(filtered.PurgedInstanceCount >= 1, $"purged {filtered.PurgedInstanceCount}");
        Assert.Null(await Client.GetInstanceAsync(two, Ct));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await Client.GetInstanceAsync(three, Ct))!.RuntimeStatus);
    }

    [Fact]
    public async Task ContinueAsNewStartsAFreshExecutionWithTheNewInput()
    {
        var done = await RunAsync(nameof(Countdown), new[] { 0, 4 });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(4, done.ReadOutputAs<int>());
        Assert.Equal("[4,4]", done.SerializedInput);
    }

    [Fact]
    public async Task CustomStatusIsCamelCaseJsonWithItsDictionariesAndNames()
    {
        var id = await StartAsync(nameof(Progress), null);
        await Eventually.TrueAsync(async () => (await Client.GetInstanceAsync(id, Ct))?.SerializedCustomStatus is not null, "the status is set");

        var status = (await Client.GetInstanceAsync(id, Ct))!;
        await Client.RaiseEventAsync(id, "Done", null, Ct);
        await WaitAsync(id);

        Assert.Equal("""{"phase":"analyzing","doneSoFar":7,"counts":{"Failed":1},"eta_seconds":2.5}""", status.SerializedCustomStatus);
        Assert.Equal(1, status.ReadCustomStatusAs<ProgressReport>()!.Counts["Failed"]);
    }

    [Fact]
    public async Task PayloadsKeepTheirJsonShape()
    {
        var when = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        var done = await RunAsync(nameof(Echo), new Payload("a \"quoted\" name", new Dictionary<string, int> { ["Keep"] = 1, ["drop"] = 2 }, when));
        var text = await RunAsync(nameof(Sequence), "plain");

        var json = JsonNode.Parse("""{"name":"a \"quoted\" name","counts":{"Keep":1,"drop":2},"when_utc":"2024-05-01T12:00:00Z"}""");
        Assert.True(JsonNode.DeepEquals(json, JsonNode.Parse(done.SerializedInput!)), done.SerializedInput);
        Assert.True(JsonNode.DeepEquals(json, JsonNode.Parse(done.SerializedOutput!)), done.SerializedOutput);
        Assert.Equal(2, done.ReadOutputAs<Payload>()!.Counts["drop"]);
        Assert.Equal("\"plain\"", text.SerializedInput);
        Assert.Equal("\"plain1.2.3.4.5.\"", text.SerializedOutput);
    }

    [Fact]
    public async Task AReplayThatMakesOtherCallsThanTheHistoryFailsAsNonDeterministic()
    {
        var id = await StartAsync(nameof(Changing), null);
        await Eventually.TrueAsync(
            async () => (await Client.GetInstanceAsync(id, Ct))?.SerializedCustomStatus == "\"waiting\"", "the activity has run and the instance waits");

        await provider.SessionEndedAsync(id);
        Changing.SkipActivity[id] = true;
        await Client.RaiseEventAsync(id, "Go", null, Ct);
        var done = await WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("NonDeterministic", done.FailureDetails!.ErrorType + done.FailureDetails.ErrorMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StartingAnIdThatIsStillRunningIsRefused()
    {
        var id = await StartAsync(nameof(TwoEvents), null);

        await Assert.ThrowsAnyAsync<Exception>(() => Client.ScheduleNewOrchestrationInstanceAsync(nameof(TwoEvents), null, new StartOrchestrationOptions(id), Ct));
        await Client.TerminateInstanceAsync(id, "done", Ct);
        await WaitAsync(id);
        var again = await RunAsync(nameof(Sequence), "again", id);
        Assert.Equal("again1.2.3.4.5.", again.ReadOutputAs<string>());
    }

    [Fact]
    public async Task QueriesPageThroughInstancesByPrefixAndStatus()
    {
        var prefix = NewId();
        foreach (var i in Enumerable.Range(1, 3))
        {
            await RunAsync(nameof(Sequence), $"{i}", $"{prefix}-{i}");
        }

        var running = await StartAsync(nameof(TwoEvents), null, $"{prefix}-running");
        var pages = new List<Page<OrchestrationMetadata>>();
        await foreach (var page in Client.GetAllInstancesAsync(new OrchestrationQuery
        {
            InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Completed], PageSize = 2, FetchInputsAndOutputs = true,
        }).AsPages())
        {
            pages.Add(page);
        }

        var found = pages.SelectMany(p => p.Values).ToList();
        Assert.Equal([$"{prefix}-1", $"{prefix}-2", $"{prefix}-3"], found.Select(i => i.InstanceId).Order());
        Assert.All(found, i => Assert.NotNull(i.SerializedOutput));
        Assert.True(pages.Count >= 2, $"{pages.Count} pages of at most 2");
        await Client.TerminateInstanceAsync(running, "done", Ct);
    }

    protected static string NewId() => $"c{Guid.NewGuid():N}";

    protected async Task<OrchestrationMetadata> RunAsync(string orchestrator, object? input, string? instanceId = null) =>
        await WaitAsync(await StartAsync(orchestrator, input, instanceId));

    protected Task<string> StartAsync(string orchestrator, object? input, string? instanceId = null) =>
        Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId ?? NewId()), Ct);

    protected async Task<OrchestrationMetadata> WaitAsync(string instanceId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }
}

public sealed class AzureStorageConformance(AzureStorageFixture provider) : ConformanceSuite(provider), IClassFixture<AzureStorageFixture>;

public sealed class PostgresConformance(PostgresFixture provider) : ConformanceSuite(provider), IClassFixture<PostgresFixture>;

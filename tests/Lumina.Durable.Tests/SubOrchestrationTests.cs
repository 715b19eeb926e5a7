using Lumina.Durable.Orchestration;

namespace Lumina.Durable.Tests;

public sealed class SubOrchestrationTests : IAsyncLifetime
{
    private DurableTestHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await DurableTestHost.StartAsync(await DurableTestHost.CreateDatabaseAsync("suborchestration"), durable => durable
            .AddOrchestrator<int, int>("Parent", async (context, count) =>
                (await Task.WhenAll(Enumerable.Range(1, count).Select(i => context.CallSubOrchestratorAsync<int>("Child", i)))).Sum())
            .AddOrchestrator<int, int>("Child", (context, i) => context.CallActivityAsync<int>("Square", i))
            .AddActivity<int, int>("Square", (_, i) => Task.FromResult(i * i))
            .AddOrchestrator<string, string>("CatchingParent", async (context, childId) =>
            {
                try
                {
                    await context.CallSubOrchestratorAsync("FailingChild", options: new SubOrchestrationOptions(childId));
                    return "no failure";
                }
                catch (TaskFailedException e)
                {
                    return $"{e.TaskName}: {e.FailureDetails.ErrorType}: {e.FailureDetails.ErrorMessage}";
                }
            })
            .AddOrchestrator<object?, object?>("FailingChild", (_, _) => throw new InvalidOperationException("the child broke"))
            .AddOrchestrator<object?, string>("WaitForGo", (context, _) => context.WaitForExternalEvent<string>("go")));

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task ChildrenRunAsInstancesOfTheirOwnAndReturnTheirOutputsToTheParent()
    {
        var done = await _host.RunAsync("Parent", 4);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1 + 4 + 9 + 16, done.ReadOutputAs<int>());
        var child = await _host.Client.GetInstanceAsync($"{done.InstanceId}:1", includeInput: true, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(("Child", OrchestrationRuntimeStatus.Completed, "2", "4"), (child!.Name, child.RuntimeStatus, child.SerializedInput, child.SerializedOutput));
    }

    [Fact]
    public async Task AChildsFailureReachesTheParentAsTaskFailedException()
    {
        var childId = $"failing-{Guid.NewGuid():N}";

        var done = await _host.RunAsync("CatchingParent", childId);

        Assert.Equal("FailingChild: System.InvalidOperationException: the child broke", done.ReadOutputAs<string>());
        var child = await _host.Client.GetInstanceAsync(childId, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, child!.RuntimeStatus);
        Assert.Equal("the child broke", child.FailureDetails!.ErrorMessage);
    }

    [Fact]
    public async Task AChildIdTakenByARunningInstanceFailsTheCall()
    {
        var busy = await _host.StartAsync("WaitForGo");
        await _host.WaitForStatusAsync(busy, OrchestrationRuntimeStatus.Running);

        var done = await _host.RunAsync("CatchingParent", busy);

        Assert.Equal($"FailingChild: InstanceAlreadyExists: An orchestration instance with ID '{busy}' already exists and has not finished.",
            done.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await _host.Client.GetInstanceAsync(busy, cancellationToken: TestContext.Current.CancellationToken))!.RuntimeStatus);
    }
}

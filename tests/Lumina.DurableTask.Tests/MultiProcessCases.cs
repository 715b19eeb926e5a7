using Lumina.DurableTask.TestWorker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lumina.DurableTask.Tests;

/// <summary>Worker processes sharing one task hub of the provider, and one SIGKILLed mid-work; each case on a hub of its own.</summary>
public abstract class MultiProcessCases(ProviderFixture provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoWorkerProcessesShareOneTaskHubAndDoNothingTwice()
    {
        var hub = ProviderFixture.NewTaskHub();
        var runs = await RunsDatabase.CreateAsync("shared");
        await using var a = await TestWorkers.StartAsync(provider, hub, "A", TimeSpan.FromMilliseconds(300), runs.ConnectionString);
        await using var b = await TestWorkers.StartAsync(provider, hub, "B", TimeSpan.FromMilliseconds(300), runs.ConnectionString);
        using var client = await ClientAsync(hub);

        var done = await RunAsync(client, 24);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 24).Sum(i => (long)i * i), done.ReadOutputAs<long>());
        var started = await runs.CountsAsync(done.InstanceId, "start");
        Assert.Equal(Enumerable.Range(1, 24), started.Keys.Order());
        Assert.All(started, s => Assert.Equal(1, s.Value));
        Assert.Equal(["A", "B"], await runs.WorkersAsync(done.InstanceId));
    }

    [Fact]
    public async Task AWorkerProcessKilledMidWorkIsTakenOverByAnother()
    {
        var hub = ProviderFixture.NewTaskHub();
        var runs = await RunsDatabase.CreateAsync("killed");
        var a = await TestWorkers.StartAsync(provider, hub, "A", TimeSpan.FromMilliseconds(1500), runs.ConnectionString);
        using var client = await ClientAsync(hub);
        var id = await client.Services.GetRequiredService<DurableTaskClient>()
            .ScheduleNewOrchestrationInstanceAsync(SumOfSquares.Name, 12, new StartOrchestrationOptions($"k{Guid.NewGuid():N}"), Ct);
        await Eventually.TrueAsync(
            async () => (await runs.CountsAsync(id, "finish", "A")).Count >= 2
                && (await runs.CountsAsync(id, "start", "A")).Count > (await runs.CountsAsync(id, "finish", "A")).Count,
            "worker A has finished some activities and is in the middle of others");

        await a.KillAsync(Ct);
        var finishedByA = (await runs.CountsAsync(id, "finish", "A")).Keys.ToHashSet();
        var cutShort = (await runs.CountsAsync(id, "start", "A")).Keys.Where(i => !finishedByA.Contains(i)).ToHashSet();
        await using var b = await TestWorkers.StartAsync(provider, hub, "B", TimeSpan.FromMilliseconds(200), runs.ConnectionString);
        var done = await client.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(id, true, Timeout(TimeSpan.FromMinutes(3)));

        Assert.Equal(137, a.ExitCode);
        Assert.NotEmpty(cutShort);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 12).Sum(i => (long)i * i), done.ReadOutputAs<long>());
        var finishedByB = (await runs.CountsAsync(id, "finish", "B")).Keys.ToHashSet();
        Assert.Subset(finishedByB, cutShort);
        Assert.Equal(Enumerable.Range(1, 12).ToHashSet(), finishedByA.Union(finishedByB).ToHashSet());
        await a.DisposeAsync();
    }

    /// <summary>A client-only host on the hub (SumOfSquares is registered for its name; the workers run it).</summary>
    private Task<IHost> ClientAsync(string hub) =>
        provider.StartHostAsync(hub, runWork: false, d => d.AddOrchestrator<SumOfSquares>(SumOfSquares.Name));

    private static async Task<OrchestrationMetadata> RunAsync(IHost client, int count)
    {
        var durable = client.Services.GetRequiredService<DurableTaskClient>();
        var id = await durable.ScheduleNewOrchestrationInstanceAsync(SumOfSquares.Name, count, new StartOrchestrationOptions($"s{Guid.NewGuid():N}"), Ct);
        return await durable.WaitForInstanceCompletionAsync(id, true, Timeout(TimeSpan.FromMinutes(2)));
    }

    private static CancellationToken Timeout(TimeSpan after)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        source.CancelAfter(after);
        return source.Token;
    }
}

public sealed class AzureStorageMultiProcess(AzureStorageFixture provider) : MultiProcessCases(provider), IClassFixture<AzureStorageFixture>;

public sealed class PostgresMultiProcess(PostgresFixture provider) : MultiProcessCases(provider), IClassFixture<PostgresFixture>;

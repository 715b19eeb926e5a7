using Lumina.Durable.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Durable.ProviderBench;

/// <summary>
/// The hand-written engine the provider replaces, in the same shapes, for the comparison the issue asks for
/// (what src/Lumina.Functions/Benchmarks/DurableBenchmark.cs measures). Delete this file with that engine.
/// </summary>
internal sealed class OldEngineBenchmark(NpgsqlDataSource dataSource, ILoggerFactory loggerFactory) : IEngineBenchmark
{
    public Task<double> SequencesAsync(int count) => WithHostAsync(client => BenchRuns.TimeAsync(async () =>
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (i, token) => await client.ScheduleNewOrchestrationInstanceAsync("Sequence", i, new StartOrchestrationOptions($"sequence-{i:D7}"), token));
        var running = new OrchestrationQuery
        {
            InstanceIdPrefix = "sequence-", Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running], PageSize = 1,
        };
        while ((await client.QueryInstancesAsync(running)).Instances.Count > 0)
        {
            await Task.Delay(20);
        }
    }));

    public Task<double> FanOutAsync(int count) => WithHostAsync(client => BenchRuns.TimeAsync(async () =>
    {
        var id = await client.ScheduleNewOrchestrationInstanceAsync("FanOut", count);
        var done = await client.WaitForInstanceCompletionAsync(id);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"The old engine's fan-out ended {done.RuntimeStatus}.");
        }
    }));

    private async Task<double> WithHostAsync(Func<IDurableClient, Task<double>> run)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddLuminaDurable(o => o.TaskHub = $"bench-{Guid.NewGuid():N}")
            .AddOrchestrator<int, int>("Sequence", async (context, _) =>
            {
                var sum = 0;
                for (var i = 0; i < 5; i++)
                {
                    sum += await context.CallActivityAsync<int>("Noop", i);
                }

                return sum;
            })
            .AddOrchestrator<int, long>("FanOut", async (context, n) =>
                (await Task.WhenAll(Enumerable.Range(0, n).Select(i => context.CallActivityAsync<int>("Noop", i)))).Sum(r => (long)r))
            .AddActivity<int, int>("Noop", (_, value) => Task.FromResult(value));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<IDurableClient>();
            var seconds = await run(client);
            await client.PurgeInstancesAsync(DateTime.MinValue);
            return seconds;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}

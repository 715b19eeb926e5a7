using System.Diagnostics;
using Lumina.Durable;
using Lumina.Durable.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Functions.Benchmarks;

/// <summary>
/// Measures the durable runtime on one task hub of its own: (a) the durabletask-mssql scale test shape,
/// N orchestrations each calling 5 no-op activities in sequence, as orchestrations per second from the
/// first start to the last completion; (b) one orchestration fanning out to N no-op activities and
/// fanning in, as wall time. The hub is purged afterwards.
/// </summary>
public sealed class DurableBenchmark
{
    public const int ActivitiesPerOrchestration = 5;
    private const string SequencePrefix = "sequence-";

    public async Task<DurableBenchmarkResult> RunAsync(
        NpgsqlDataSource dataSource, int orchestrations, int fanout, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(orchestrations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fanout, 1);
        var options = new DurableOptions { TaskHub = $"bench-{Guid.NewGuid():N}" };
        using var host = BuildHost(dataSource, loggerFactory, options);
        await host.StartAsync(ct);
        try
        {
            var client = host.Services.GetRequiredService<IDurableClient>();
            var sequenceSeconds = await RunSequencesAsync(client, orchestrations, ct);
            var fanoutSeconds = await RunFanOutAsync(client, fanout, ct);
            await client.PurgeInstancesAsync(DateTime.MinValue, cancellationToken: ct);
            return new DurableBenchmarkResult(
                orchestrations, ActivitiesPerOrchestration, Math.Round(sequenceSeconds, 3), Math.Round(orchestrations / sequenceSeconds, 1),
                fanout, Math.Round(fanoutSeconds, 3), Math.Round(fanout / fanoutSeconds, 1),
                options.MaxConcurrentOrchestrations, options.MaxConcurrentActivities, Environment.ProcessorCount);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static IHost BuildHost(NpgsqlDataSource dataSource, ILoggerFactory loggerFactory, DurableOptions options)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddLuminaDurable(o => o.TaskHub = options.TaskHub)
            .AddOrchestrator<int, int>("Sequence", async (context, _) =>
            {
                var sum = 0;
                for (var i = 0; i < ActivitiesPerOrchestration; i++)
                {
                    sum += await context.CallActivityAsync<int>("Noop", i);
                }

                return sum;
            })
            .AddOrchestrator<int, long>("FanOut", async (context, count) =>
            {
                var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>("Noop", i)));
                return results.Sum(r => (long)r);
            })
            .AddActivity<int, int>("Noop", (_, value) => Task.FromResult(value));
        return builder.Build();
    }

    private static async Task<double> RunSequencesAsync(IDurableClient client, int count, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (i, token) => await client.ScheduleNewOrchestrationInstanceAsync(
                "Sequence", i, new StartOrchestrationOptions($"{SequencePrefix}{i:D7}"), token));
        var running = new OrchestrationQuery
        {
            InstanceIdPrefix = SequencePrefix,
            Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running],
            PageSize = 1,
        };
        while ((await client.QueryInstancesAsync(running, ct)).Instances.Count > 0)
        {
            await Task.Delay(20, ct);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var unfinished = await client.QueryInstancesAsync(
            new OrchestrationQuery { InstanceIdPrefix = SequencePrefix, Statuses = [OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated], PageSize = 1 }, ct);
        if (unfinished.Instances.Count > 0)
        {
            throw new InvalidOperationException($"Benchmark orchestration '{unfinished.Instances[0].InstanceId}' did not complete: {unfinished.Instances[0].SerializedOutput}");
        }

        return seconds;
    }

    private static async Task<double> RunFanOutAsync(IDurableClient client, int fanout, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var id = await client.ScheduleNewOrchestrationInstanceAsync("FanOut", fanout, cancellationToken: ct);
        var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken: ct);
        var seconds = watch.Elapsed.TotalSeconds;
        var expected = (long)fanout * (fanout - 1) / 2;
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed || done.ReadOutputAs<long>() != expected)
        {
            throw new InvalidOperationException($"The fan-out orchestration ended {done.RuntimeStatus} with output {done.SerializedOutput}, not {expected}.");
        }

        return seconds;
    }
}

using System.Diagnostics;
using Lumina.Durable.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Lumina.Functions.Benchmarks;

/// <summary>
/// Measures a durable provider through the client API on a task hub of its own: (a) the durabletask-mssql scale test
/// shape, N orchestrations each calling 5 no-op activities in sequence, as orchestrations per second from the first
/// start to the last completion; (b) one orchestration fanning out to N no-op activities and fanning in, as wall
/// time. The hub's instances are purged afterwards.
/// </summary>
public static class DurableBenchmark
{
    public const int ActivitiesPerOrchestration = 5;
    private const string SequencePrefix = "sequence-";

    /// <summary>The benchmark's orchestrators and activity.</summary>
    public static DurableTaskRegistrations Tasks() => new DurableTaskRegistrations()
        .AddOrchestrator<Sequence>(nameof(Sequence))
        .AddOrchestrator<FanOut>(nameof(FanOut))
        .AddActivity<Noop>(nameof(Noop));

    public static async Task<(double SequenceSeconds, double FanoutSeconds)> RunAsync(
        DurableTaskClient client, int orchestrations, int fanout, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(orchestrations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fanout, 1);
        var sequenceSeconds = await RunSequencesAsync(client, orchestrations, ct);
        var fanoutSeconds = await RunFanOutAsync(client, fanout, ct);
        await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(DateTimeOffset.UnixEpoch), cancellation: ct);
        return (sequenceSeconds, fanoutSeconds);
    }

    private static async Task<double> RunSequencesAsync(DurableTaskClient client, int count, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (i, token) => await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(Sequence), i, new StartOrchestrationOptions($"{SequencePrefix}{i:D7}"), token));
        var unfinished = new OrchestrationQuery
        {
            InstanceIdPrefix = SequencePrefix, Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running], PageSize = 1,
        };
        while (await FirstAsync(client, unfinished, ct) is not null)
        {
            await Task.Delay(20, ct);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var failed = new OrchestrationQuery
        {
            InstanceIdPrefix = SequencePrefix, Statuses = [OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated], PageSize = 1,
            FetchInputsAndOutputs = true,
        };
        return await FirstAsync(client, failed, ct) is { } bad
            ? throw new InvalidOperationException($"Benchmark orchestration '{bad.InstanceId}' did not complete: {bad.SerializedOutput}")
            : seconds;
    }

    private static async Task<double> RunFanOutAsync(DurableTaskClient client, int fanout, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOut), fanout, ct);
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, ct);
        var seconds = watch.Elapsed.TotalSeconds;
        var expected = (long)fanout * (fanout - 1) / 2;
        return done.RuntimeStatus != OrchestrationRuntimeStatus.Completed || done.ReadOutputAs<long>() != expected
            ? throw new InvalidOperationException($"The fan-out orchestration ended {done.RuntimeStatus} with output {done.SerializedOutput}, not {expected}.")
            : seconds;
    }

    private static async Task<OrchestrationMetadata?> FirstAsync(DurableTaskClient client, OrchestrationQuery query, CancellationToken ct)
    {
        await foreach (var page in client.GetAllInstancesAsync(query).AsPages(pageSizeHint: 1).WithCancellation(ct))
        {
            if (page.Values.Count > 0)
            {
                return page.Values[0];
            }

            if (page.ContinuationToken is null)
            {
                break;
            }
        }

        return null;
    }

    public sealed class Sequence : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
        {
            var sum = 0;
            for (var i = 0; i < ActivitiesPerOrchestration; i++)
            {
                sum += await context.CallActivityAsync<int>(nameof(Noop), i);
            }

            return sum;
        }
    }

    public sealed class FanOut : TaskOrchestrator<int, long>
    {
        public override async Task<long> RunAsync(TaskOrchestrationContext context, int count)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>(nameof(Noop), i)));
            return results.Sum(r => (long)r);
        }
    }

    public sealed class Noop : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input);
    }
}

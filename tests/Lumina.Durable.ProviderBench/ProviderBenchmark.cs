using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Query;
using Lumina.Durable.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Durable.ProviderBench;

/// <summary>The provider under DurableTask.Core's TaskHubWorker and TaskHubClient, each run on a task hub of its own, deleted afterwards.</summary>
internal sealed class ProviderBenchmark(NpgsqlDataSource dataSource, IReadOnlyDictionary<string, string> overrides, bool keep, ILoggerFactory loggerFactory)
    : IEngineBenchmark
{
    private const string Prefix = "sequence-";

    public Task<double> SequencesAsync(int count) => WithHubAsync(async (service, client) =>
    {
        var seconds = await BenchRuns.TimeAsync(async () =>
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 },
                async (i, _) => await client.CreateOrchestrationInstanceAsync(typeof(BenchSequence), $"{Prefix}{i:D7}", i));
            var unfinished = new OrchestrationQuery
            {
                InstanceIdPrefix = Prefix, RuntimeStatus = [OrchestrationStatus.Pending, OrchestrationStatus.Running], PageSize = 1, FetchInputsAndOutputs = false,
            };
            while ((await service.GetOrchestrationWithQueryAsync(unfinished, default)).OrchestrationState.Count > 0)
            {
                await Task.Delay(20);
            }
        });
        var failed = await service.GetOrchestrationWithQueryAsync(
            new OrchestrationQuery { InstanceIdPrefix = Prefix, RuntimeStatus = [OrchestrationStatus.Failed, OrchestrationStatus.Terminated], PageSize = 1 }, default);
        return failed.OrchestrationState.Count == 0
            ? seconds
            : throw new InvalidOperationException($"{failed.OrchestrationState.First().OrchestrationInstance.InstanceId} did not complete: {failed.OrchestrationState.First().Output}");
    });

    public Task<double> FanOutAsync(int count) => WithHubAsync(async (_, client) =>
    {
        OrchestrationState? done = null;
        var seconds = await BenchRuns.TimeAsync(async () =>
        {
            var instance = await client.CreateOrchestrationInstanceAsync(typeof(BenchFanOut), null, count);
            done = await client.WaitForOrchestrationAsync(instance, TimeSpan.FromMinutes(10));
        });
        var expected = ((long)count * (count - 1) / 2).ToString(CultureInfo.InvariantCulture);
        return done?.OrchestrationStatus == OrchestrationStatus.Completed && done.Output == expected
            ? seconds
            : throw new InvalidOperationException($"The fan-out ended {done?.OrchestrationStatus} with output {done?.Output}, not {expected}.");
    });

    private async Task<double> WithHubAsync(Func<PostgresOrchestrationService, TaskHubClient, Task<double>> run)
    {
        var settings = new PostgresOrchestrationServiceSettings { DataSource = dataSource, TaskHub = $"bench-{Guid.NewGuid():N}" };
        foreach (var (name, value) in overrides)
        {
            var property = typeof(PostgresOrchestrationServiceSettings).GetProperty(name) ?? throw new ArgumentException($"no setting {name}");
            property.SetValue(settings, property.PropertyType == typeof(TimeSpan)
                ? TimeSpan.Parse(value, CultureInfo.InvariantCulture)
                : Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture));
        }

        await using var service = new PostgresOrchestrationService(settings, loggerFactory);
        await service.CreateIfNotExistsAsync();
        var worker = new TaskHubWorker(service, loggerFactory)
            .AddTaskOrchestrations(typeof(BenchSequence), typeof(BenchFanOut))
            .AddTaskActivities(typeof(Noop));
        await worker.StartAsync();
        try
        {
            return await run(service, new TaskHubClient(service, loggerFactory: loggerFactory));
        }
        finally
        {
            await worker.StopAsync(isForced: true);
            if (!keep)
            {
                await service.DeleteAsync();
            }
        }
    }
}

/// <summary>The durabletask-mssql scale test's shape: five no-op activities in sequence.</summary>
public sealed class BenchSequence : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int input)
    {
        var sum = 0;
        for (var i = 0; i < 5; i++)
        {
            sum += await context.ScheduleTask<int>(typeof(Noop), i);
        }

        return sum;
    }
}

public sealed class BenchFanOut : TaskOrchestration<long, int>
{
    public override async Task<long> RunTask(OrchestrationContext context, int input)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, input).Select(i => context.ScheduleTask<int>(typeof(Noop), i)));
        return results.Sum(r => (long)r);
    }
}

public sealed class Noop : TaskActivity<int, int>
{
    protected override int Execute(TaskContext context, int input) => input;
}

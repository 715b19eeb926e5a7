using DurableTask.Core;
using Npgsql;

namespace Lumina.Durable.ProviderWorker;

/// <summary>Squares 1..n in parallel activities and sums them.</summary>
public sealed class SumOfSquares : TaskOrchestration<long, int>
{
    public override async Task<long> RunTask(OrchestrationContext context, int input)
    {
        var squares = await Task.WhenAll(Enumerable.Range(1, input).Select(i => context.ScheduleTask<long>(typeof(SlowSquare), i)));
        return squares.Sum();
    }
}

/// <summary>Squares its input slowly, recording when it starts and finishes.</summary>
public sealed class SlowSquare(ActivityRuns runs, TimeSpan delay) : AsyncTaskActivity<int, long>
{
    protected override async Task<long> ExecuteAsync(TaskContext context, int input)
    {
        await runs.RecordAsync(context.OrchestrationInstance.InstanceId, input, "start");
        await Task.Delay(delay);
        await runs.RecordAsync(context.OrchestrationInstance.InstanceId, input, "finish");
        return (long)input * input;
    }
}

/// <summary>
/// Records, in the test's database (table public.activity_runs, which the test creates), each activity run
/// as it starts and finishes, with the worker that ran it: the tests read it to tell who ran what and
/// which runs a kill cut short.
/// </summary>
public sealed class ActivityRuns(NpgsqlDataSource dataSource, string worker)
{
    public async Task RecordAsync(string instanceId, int item, string phase)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO public.activity_runs (worker, instance_id, item, phase) VALUES ($1, $2, $3, $4)");
        command.Parameters.Add(new NpgsqlParameter { Value = worker });
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        command.Parameters.Add(new NpgsqlParameter { Value = item });
        command.Parameters.Add(new NpgsqlParameter { Value = phase });
        await command.ExecuteNonQueryAsync();
    }
}

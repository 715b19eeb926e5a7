using Microsoft.DurableTask;

namespace Lumina.DurableTask.TestWorker;

/// <summary>Fans out one <see cref="SlowSquare"/> per item 1..count and sums them.</summary>
public sealed class SumOfSquares : TaskOrchestrator<int, long>
{
    public const string Name = "SumOfSquares";

    public override async Task<long> RunAsync(TaskOrchestrationContext context, int count)
    {
        var squares = await Task.WhenAll(Enumerable.Range(1, count).Select(i => context.CallActivityAsync<long>(SlowSquare.Name, i)));
        return squares.Sum();
    }
}

/// <summary>Squares an item slowly, recording in the test's database when it starts and finishes and on which worker.</summary>
public sealed class SlowSquare(ActivityRuns runs, WorkerSettings settings) : TaskActivity<int, long>
{
    public const string Name = "SlowSquare";

    public override async Task<long> RunAsync(TaskActivityContext context, int item)
    {
        await runs.RecordAsync(context.InstanceId, item, "start");
        await Task.Delay(settings.ActivityDelay);
        await runs.RecordAsync(context.InstanceId, item, "finish");
        return (long)item * item;
    }
}

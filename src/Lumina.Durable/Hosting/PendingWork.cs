using Microsoft.DurableTask.Client;

namespace Lumina.Durable.Hosting;

/// <summary>
/// Work in a task hub: orchestration events ready to run, activity tasks free to claim, and activity tasks a worker
/// holds (running, or held by a worker that died until the lock expires). A provider that cannot tell these apart
/// counts unfinished instances as events.
/// </summary>
public sealed record PendingWork(long Events, long FreeTasks, long HeldTasks)
{
    public bool IsIdle => Events == 0 && FreeTasks == 0 && HeldTasks == 0;
}

/// <summary>How much work waits in the task hub now (for hosts deciding whether to keep running).</summary>
public interface IPendingWorkSource
{
    Task<PendingWork> GetPendingWorkAsync(CancellationToken cancellationToken = default);
}

/// <summary>For DTFx providers: the instances that are pending or running (suspended ones wait for a person, not for work).</summary>
internal sealed class UnfinishedInstances(DurableTaskClient client) : IPendingWorkSource
{
    public async Task<PendingWork> GetPendingWorkAsync(CancellationToken cancellationToken = default)
    {
        long count = 0;
        var query = new OrchestrationQuery { Statuses = [Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Pending, Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Running], PageSize = 1000 };
        await foreach (var _ in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            count++;
        }

        return new PendingWork(count, 0, 0);
    }
}

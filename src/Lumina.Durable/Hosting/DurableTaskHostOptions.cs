namespace Lumina.Durable.Hosting;

/// <summary>Settings of the DTFx engine of a process, whatever its provider. Each property's comment gives its default.</summary>
public sealed class DurableTaskHostOptions
{
    /// <summary>Name of the task hub; processes with the same hub and storage share its instances and work. Default "lumina".</summary>
    public string TaskHub { get; set; } = "lumina";

    /// <summary>Orchestration episodes this process runs at once; 0 with <see cref="MaxConcurrentActivities"/> 0 runs no worker (a client-only process). Default 8.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 8;

    /// <summary>Activities this process runs at once. Default 10 per processor.</summary>
    public int MaxConcurrentActivities { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>This process's name in the task hub's locks and leases; must differ between processes. Default host, process id and a random suffix.</summary>
    public string WorkerId { get; set; } = WorkerIds.ForThisProcess();

    /// <summary>True when this process runs orchestrations or activities.</summary>
    public bool RunsWork => MaxConcurrentOrchestrations > 0 || MaxConcurrentActivities > 0;

    /// <summary>Throws an <see cref="InvalidOperationException"/> naming the first invalid property.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(TaskHub))
        {
            throw new InvalidOperationException("DurableTaskHostOptions.TaskHub must not be empty.");
        }

        if (MaxConcurrentOrchestrations < 0 || MaxConcurrentActivities < 0)
        {
            throw new InvalidOperationException(
                $"DurableTaskHostOptions.MaxConcurrentOrchestrations and MaxConcurrentActivities must be at least 0 (got {MaxConcurrentOrchestrations} and {MaxConcurrentActivities}).");
        }

        if (RunsWork && (MaxConcurrentOrchestrations == 0 || MaxConcurrentActivities == 0))
        {
            throw new InvalidOperationException(
                "DurableTaskHostOptions: a worker runs both orchestrations and activities: set MaxConcurrentOrchestrations and MaxConcurrentActivities both above 0, or both to 0 for a client-only process.");
        }

        if (string.IsNullOrWhiteSpace(WorkerId))
        {
            throw new InvalidOperationException("DurableTaskHostOptions.WorkerId must not be empty.");
        }
    }
}

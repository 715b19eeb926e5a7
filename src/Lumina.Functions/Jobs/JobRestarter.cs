using Lumina.Durable.Http;
using Lumina.Storage.Catalog;
using Microsoft.DurableTask.Client;

namespace Lumina.Functions.Jobs;

/// <summary>
/// The management API's restart of a job's instance: with a new id it starts a new job of the same type and input
/// (recorded like any job), with the same id it reruns the job under its record. A rebuild's phase, or a job instance
/// Lumina has no record of, is not restarted: the message says what to do instead.
/// </summary>
public sealed class JobRestarter(JobService jobs, JobRepository records) : IInstanceRestarter
{
    public async Task<string?> RestartAsync(OrchestrationMetadata instance, string? instanceId, CancellationToken ct)
    {
        var id = instance.InstanceId;
        if (id.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && await records.FindAsync(id[..colon], ct) is { } rebuild)
        {
            throw new RestartRefusedException(
                $"instance '{id}' is the {id[(colon + 1)..]} phase of job {rebuild.Id}: restart that job, or start a new {instance.Name} job with POST /api/jobs/{instance.Name}");
        }

        var job = await records.FindAsync(id, ct);
        if (job is null)
        {
            return JobTypes.All.Contains(instance.Name)
                ? throw new RestartRefusedException(
                    $"instance '{id}' runs job type {instance.Name}, but Lumina has no record of it (started outside Lumina's job routes, or its catalog was deleted): start a job with POST /api/jobs/{instance.Name}")
                : null;
        }

        var input = instance.ReadInputAs<JobInput>() ?? throw new RestartRefusedException($"job {id} has no input to restart with: start a new job with POST /api/jobs/{job.Type}");
        if (instanceId is not null)
        {
            // Its input is its last execution's, which starts part-way through batches a finished job no longer has.
            return input.Continued is null
                ? null
                : throw new RestartRefusedException($"job {id} continued as new part-way through its batches: restart it with a new instance id, which plans it again");
        }

        try
        {
            return (await jobs.StartAsync(job.Type, input with { Continued = null }, ct)).Id;
        }
        catch (JobException e)
        {
            throw new RestartRefusedException($"job {id} cannot be restarted: {e.Message}");
        }
    }
}

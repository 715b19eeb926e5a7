using System.Security.Cryptography;
using System.Text.Json;
using DurableJson = Lumina.Durable.DurableJson;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Jobs;

/// <summary>Starts, finds, follows and cancels jobs; the HTTP routes and the CLI both go through it.</summary>
public sealed class JobService(DurableTaskClient durable, JobRepository jobs, CatalogRepository catalogs, Clip.ClipService clip)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long after a job's start its orchestration may still be missing (being created) before the job counts as lost.</summary>
    private static readonly TimeSpan LostAfter = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Starts a job of <paramref name="type"/> on a catalog. A rebuild of a catalog that already has one
    /// running returns the running one (so a restarted host or a second request resumes it).
    /// </summary>
    public async Task<JobStatus> StartAsync(string type, JobInput input, CancellationToken ct)
    {
        JobFilters.Type(type);
        if (input.Problem() is { } problem)
        {
            throw new JobException(400, problem);
        }

        if ((JobTypes.NeedsClip(type) || input.UseEmbeddings) && !clip.Configured)
        {
            throw new JobException(400, $"{(input.UseEmbeddings ? "use_embeddings" : type)} needs a CLIP model: set LUMINA_CLIP_MODEL to a model folder (see docs/clip-models.md)");
        }

        var catalog = await catalogs.FindAsync(input.CatalogId.ToString(), ct) ?? throw new JobException(404, $"no catalog {input.CatalogId}");

        if (type == JobTypes.Rebuild && await RunningRebuildAsync(input.CatalogId, ct) is { } running)
        {
            return running;
        }

        input = type == JobTypes.Rebuild ? input with { IncludeClip = clip.Configured } : input;
        var id = $"{type}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        if (!await jobs.AddAsync(id, input.CatalogId, type, input, ct))
        {
            throw new JobException(409, $"catalog '{catalog.Name}' is being deleted: it takes no new jobs (`./lumina catalog delete {catalog.Name}` finishes an interrupted delete)");
        }

        await durable.ScheduleNewOrchestrationInstanceAsync(type, input, new StartOrchestrationOptions(id), ct);
        return await GetAsync(id, ct) ?? throw new InvalidOperationException($"job {id} vanished after it was started");
    }

    public async Task<JobStatus?> GetAsync(string id, CancellationToken ct)
    {
        var job = await jobs.FindAsync(id, ct);
        return job is null ? null : await DescribeAsync(job, ct);
    }

    /// <summary>The newest jobs first, filtered by catalog, type and runtime status.</summary>
    public async Task<IReadOnlyList<JobStatus>> ListAsync(
        Guid? catalogId, string? type, IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses, int limit, CancellationToken ct)
    {
        var found = new List<JobStatus>();
        foreach (var job in await jobs.ListAsync(catalogId, type, statuses is { Count: > 0 } ? limit * 10 : limit, ct))
        {
            var status = await DescribeAsync(job, ct);
            if (statuses is not { Count: > 0 } || statuses.Contains(status.RuntimeStatus))
            {
                found.Add(status);
            }
        }

        return found.Take(limit).ToList();
    }

    /// <summary>Stops a running job (and a rebuild's running phases); throws 404 for an unknown job and 410 for a finished one.</summary>
    public async Task<JobStatus> CancelAsync(string id, CancellationToken ct)
    {
        var status = await GetAsync(id, ct) ?? throw new JobException(404, $"no job {id}");
        if (!status.IsRunning)
        {
            throw new JobException(410, $"job {id} already finished ({status.RuntimeStatus})");
        }

        foreach (var phase in status.Phases?.Where(p => p.IsRunning) ?? [])
        {
            await durable.TerminateInstanceAsync(phase.Id, "cancelled with its rebuild", ct);
        }

        await durable.TerminateInstanceAsync(id, "cancelled", ct);
        return (await GetAsync(id, ct))!;
    }

    /// <summary>Starts a job and follows it to its end (some host, possibly this process, must run job work).</summary>
    public async Task<JobStatus> RunAsync(string type, JobInput input, Action<JobStatus>? onProgress, CancellationToken ct) =>
        await WaitAsync((await StartAsync(type, input, ct)).Id, onProgress, ct);

    /// <summary>Follows a job until it finishes, reporting each change of its status.</summary>
    public async Task<JobStatus> WaitAsync(string id, Action<JobStatus>? onProgress, CancellationToken ct)
    {
        while (true)
        {
            var status = await GetAsync(id, ct) ?? throw new JobException(404, $"no job {id}");
            onProgress?.Invoke(status);
            if (!status.IsRunning)
            {
                return status;
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>A running job of the catalog (of <paramref name="type"/> when given) among its newest <paramref name="newest"/>, or null.</summary>
    public async Task<JobStatus?> RunningJobAsync(Guid catalogId, string? type, int newest, CancellationToken ct) =>
        (await ListAsync(catalogId, type, null, newest, ct)).FirstOrDefault(j => j.IsRunning);

    private Task<JobStatus?> RunningRebuildAsync(Guid catalogId, CancellationToken ct) => RunningJobAsync(catalogId, JobTypes.Rebuild, 20, ct);

    private async Task<JobStatus> DescribeAsync(JobRecord job, CancellationToken ct)
    {
        var created = job.CreatedAt.UtcDateTime;
        var status = await DescribeInstanceAsync(job.Id, job.Type, job.CatalogId, ct)
            ?? (DateTime.UtcNow - created > LostAfter
                ? new JobStatus(job.Id, job.Type, job.CatalogId, OrchestrationRuntimeStatus.Failed, created, created, null, null,
                    $"its orchestration is not in task hub '{durable.Name}' (started on another durable provider or engine, or purged)")
                : Pending(job.Id, job.Type, job.CatalogId, created));

        if (status.Progress?.Phases is not { } phases)
        {
            return status;
        }

        var children = new List<JobStatus>();
        foreach (var phase in phases.Where(p => p.JobId is not null))
        {
            children.Add(await DescribeInstanceAsync(phase.JobId!, phase.Name, job.CatalogId, ct) ?? Pending(phase.JobId!, phase.Name, job.CatalogId, created));
        }

        return status with { Phases = children };
    }

    /// <summary>A job whose orchestration is not created yet.</summary>
    private static JobStatus Pending(string id, string type, Guid catalogId, DateTime createdAt) =>
        new(id, type, catalogId, OrchestrationRuntimeStatus.Pending, createdAt, createdAt, null, null, null);

    /// <summary>The job's status from its orchestration instance; null when there is none.</summary>
    private async Task<JobStatus?> DescribeInstanceAsync(string id, string type, Guid catalogId, CancellationToken ct)
    {
        var instance = await durable.GetInstanceAsync(id, getInputsAndOutputs: true, ct);
        if (instance is null)
        {
            return null;
        }

        var progress = instance.SerializedCustomStatus is { } custom ? DurableJson.Deserialize<JobProgress>(custom) : null;
        var output = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed && instance.SerializedOutput is { } json
            ? JsonDocument.Parse(json).RootElement.Clone()
            : (JsonElement?)null;
        var error = instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Failed => instance.FailureDetails?.ErrorMessage ?? "failed",
            OrchestrationRuntimeStatus.Terminated => $"terminated: {instance.SerializedOutput}",
            _ => null,
        };
        return new JobStatus(id, type, catalogId, instance.RuntimeStatus, instance.CreatedAt.UtcDateTime, instance.LastUpdatedAt.UtcDateTime, progress, output, error);
    }
}

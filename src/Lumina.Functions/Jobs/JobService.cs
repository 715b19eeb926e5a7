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

    /// <summary>
    /// How long a job whose orchestration was never recorded as created still counts as starting: the creation is the
    /// call right after the job's row, so a job older than this lost its start (its process died in between).
    /// </summary>
    private static readonly TimeSpan StartWindow = TimeSpan.FromMinutes(1);

    /// <summary>How long a cancel waits for a host working on the job to end it, before answering with the job as it is.</summary>
    private static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(3);

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
        await jobs.MarkStartedAsync(id, ct);
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
            if (statuses is not { Count: > 0 } || (status.RuntimeStatus is { } runtime && statuses.Contains(runtime)))
            {
                found.Add(status);
            }
        }

        return found.Take(limit).ToList();
    }

    /// <summary>
    /// The catalog's jobs among its newest <paramref name="recent"/> that have not finished (interrupted with their
    /// host, or waiting for one), newest first, without their phases.
    /// </summary>
    public async Task<IReadOnlyList<JobStatus>> UnfinishedAsync(Guid catalogId, int recent, CancellationToken ct)
    {
        var unfinished = new List<JobStatus>();
        foreach (var job in await jobs.ListAsync(catalogId, null, recent, ct))
        {
            if (await DescribeJobAsync(job, ct) is { IsRunning: true } status)
            {
                unfinished.Add(status);
            }
        }

        return unfinished;
    }

    /// <summary>
    /// Stops a running job (and a rebuild's running phases); throws 404 for an unknown job and 410 for a finished or gone
    /// one. The job ends when a host processes the request: the answer is the job once it ended, or as it still is after a
    /// few seconds (pending or running: no host has taken the request yet).
    /// </summary>
    public async Task<JobStatus> CancelAsync(string id, CancellationToken ct)
    {
        var status = await GetAsync(id, ct) ?? throw new JobException(404, $"no job {id}");
        if (status.IsGone)
        {
            throw new JobException(410, status.Error!);
        }

        if (!status.IsRunning)
        {
            throw new JobException(410, $"job {id} already finished ({status.RuntimeStatus})");
        }

        if (!status.HasInstance)
        {
            throw new JobException(409, $"job {id} is being started: its orchestration is not created yet; cancel it again in a moment");
        }

        foreach (var phase in status.Phases?.Where(p => p.IsRunning && p.HasInstance) ?? [])
        {
            await durable.TerminateInstanceAsync(phase.Id, "cancelled with its rebuild", ct);
        }

        await durable.TerminateInstanceAsync(id, "cancelled", ct);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            status = (await GetAsync(id, ct))!;
            if (!status.IsRunning || waited.Elapsed >= CancelWait)
            {
                return status;
            }

            await Task.Delay(PollInterval, ct);
        }
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
        var status = await DescribeJobAsync(job, ct);
        if (status.Progress?.Phases is not { } phases)
        {
            return status;
        }

        var children = new List<JobStatus>();
        foreach (var phase in phases.Where(p => p.JobId is not null))
        {
            // A phase's orchestration is created as its rebuild runs: missing while the rebuild runs, it is being created.
            children.Add(await DescribeInstanceAsync(phase.JobId!, phase.Name, job.CatalogId, ct) ?? (status.IsRunning
                ? Pending(phase.JobId!, phase.Name, job.CatalogId, created)
                : Gone(phase.JobId!, phase.Name, job.CatalogId, created, $"its orchestration is no longer in task hub '{durable.Name}' (purged)")));
        }

        return status with { Phases = children };
    }

    /// <summary>
    /// The job's own status, without its phases: pending while its orchestration is being created, gone once it is lost.
    /// Created when the job was recorded (a per-image job's instance is created again each time it continues as new).
    /// </summary>
    private async Task<JobStatus> DescribeJobAsync(JobRecord job, CancellationToken ct)
    {
        var created = job.CreatedAt.UtcDateTime;
        return (await DescribeInstanceAsync(job.Id, job.Type, job.CatalogId, ct) is { } status ? status with { CreatedAt = created } : null)
            ?? (job.StartedAt is null && DateTime.UtcNow - created < StartWindow
                ? Pending(job.Id, job.Type, job.CatalogId, created)
                : Gone(job.Id, job.Type, job.CatalogId, created, job.StartedAt is null
                    ? "its orchestration was never created (the process that started it stopped first); start the job again"
                    : $"its orchestration is no longer in task hub '{durable.Name}': it was purged, or it ran on another durable provider "
                        + "or on Lumina's engine before the Durable Task Framework; what it did to the catalog stays"));
    }

    /// <summary>A job whose orchestration is not created yet.</summary>
    private static JobStatus Pending(string id, string type, Guid catalogId, DateTime createdAt) =>
        new(id, type, catalogId, OrchestrationRuntimeStatus.Pending, createdAt, createdAt, null, null, null) { HasInstance = false };

    /// <summary>A job whose orchestration does not exist (any more), with why.</summary>
    private static JobStatus Gone(string id, string type, Guid catalogId, DateTime createdAt, string why) =>
        new(id, type, catalogId, null, createdAt, createdAt, null, null, $"job {id} is gone: {why}") { HasInstance = false };

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

using Lumina.Durable.Hosting;
using Lumina.Functions.Analysis;
using Lumina.Functions.Configuration;
using Lumina.Storage.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace Lumina.Functions.Jobs;

/// <summary>Registers the job orchestrations and activities on the durable engine LUMINA_DURABLE_PROVIDER chooses.</summary>
public static class JobRegistration
{
    /// <summary>
    /// Adds the durable engine with every job. A host with <paramref name="runWork"/> false only starts and
    /// follows jobs; its peers (or a later host) run them.
    /// </summary>
    public static IServiceCollection AddLuminaJobs(this IServiceCollection services, LuminaSettings settings, bool runWork)
    {
        services.AddLuminaJobServices();
        services.AddSingleton<JobService>();
        services.AddSingleton<Health.HealthService>();
        services.AddSingleton<Catalogs.CatalogDeletion>();
        services.AddSingleton<JobWaits>();
        services.AddSingleton<Durable.Http.IInstanceRestarter, JobRestarter>();
        services.AddSingleton<Triggers.UploadTrigger>();

        var durable = services.AddLuminaDurableTask(o =>
        {
            o.TaskHub = settings.TaskHub;
            o.MaxConcurrentActivities = runWork ? settings.Workers : 0;
            o.MaxConcurrentOrchestrations = runWork ? 8 : 0;
        });
        if (settings.DurableStorage is { } storage)
        {
            durable.UseAzureStorage(o =>
            {
                o.ConnectionString = storage.ConnectionString;
                o.AccountName = storage.AccountName;
                o.BlobServiceUri = storage.BlobServiceUri;
                o.QueueServiceUri = storage.QueueServiceUri;
                o.TableServiceUri = storage.TableServiceUri;
            });
        }
        else
        {
            durable.UsePostgres(o => o.LockTimeout = settings.LockTimeout);
        }

        durable.AddTasks(Tasks());
        return services;
    }

    /// <summary>
    /// The services the activities and job routes use, without the durable engine: a host whose engine is someone
    /// else's (Durable Functions) adds these alone and makes what needs a <c>DurableTaskClient</c> per call.
    /// </summary>
    public static IServiceCollection AddLuminaJobServices(this IServiceCollection services) => services
        .AddSingleton<JobRepository>()
        .AddSingleton<CatalogPhaseRepository>()
        .AddSingleton<ImagePlanner>()
        .AddSingleton<CatalogPhases>()
        .AddSingleton<ReceiptRepository>()
        .AddSingleton<Triggers.UploadIngest>();

    /// <summary>Every job's orchestrators and activities, by the names the jobs call them.</summary>
    public static DurableTaskRegistrations Tasks()
    {
        var tasks = new DurableTaskRegistrations();
        foreach (var type in JobTypes.PerImage.Keys)
        {
            tasks.AddOrchestrator<ImageJobOrchestrator>(type);
        }

        foreach (var type in JobTypes.CatalogWide)
        {
            tasks.AddOrchestrator<CatalogJobOrchestrator>(type);
        }

        return tasks
            .AddOrchestrator<Triggers.IngestOrchestrator>(Triggers.IngestOrchestrator.Name)
            .AddActivity<Triggers.IngestImageActivity>(Triggers.IngestImageActivity.Name)
            .AddActivity<Triggers.RecordReceiptActivity>(Triggers.RecordReceiptActivity.Name)
            .AddOrchestrator<RebuildOrchestrator>(JobTypes.Rebuild)
            .AddActivity<PlanImagesActivity>(PlanImagesActivity.Name)
            .AddActivity<AnalyzeBatchActivity>(AnalyzeBatchActivity.Name)
            .AddActivity<FinishJobActivity>(FinishJobActivity.Name)
            .AddActivity<GeohashActivity>(CatalogJobOrchestrator.ActivityName(JobTypes.Geohash))
            .AddActivity<DetectDuplicatesActivity>(CatalogJobOrchestrator.ActivityName(JobTypes.DetectDuplicates))
            .AddActivity<DetectBurstsActivity>(CatalogJobOrchestrator.ActivityName(JobTypes.DetectBursts))
            .AddActivity<BackfillFlagsActivity>(CatalogJobOrchestrator.ActivityName(JobTypes.BackfillFlags))
            .AddActivity<AutoTagActivity>(CatalogJobOrchestrator.ActivityName(JobTypes.AutoTag))
            .AddActivity<HealthSummaryActivity>(HealthSummaryActivity.Name);
    }
}

using DurableTask.Core;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lumina.Durable.Hosting;

/// <summary>
/// Creates the task hub if it does not exist and, unless the process is client-only, runs DTFx's TaskHubWorker over the
/// registered Microsoft.DurableTask classes until the host stops.
/// </summary>
internal sealed class DurableTaskWorkerHost(
    IOrchestrationService service, DurableTaskRegistrations registrations, IServiceProvider services,
    IOptions<DurableTaskHostOptions> options, ILoggerFactory loggers) : IHostedService
{
    private TaskHubWorker? _worker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await service.CreateIfNotExistsAsync();
        if (!options.Value.RunsWork)
        {
            return;
        }

        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = DurableConverters.Shared }, loggers);
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        // The shims report failures as FailureDetails, not as serialized exceptions.
        _worker = new TaskHubWorker(service, loggers) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        _worker.AddTaskOrchestrations([.. registrations.Orchestrators.Select(o => new OrchestratorCreator(o.Key, o.Value, services, shims))]);
        _worker.AddTaskActivities([.. registrations.Activities.Select(a => new ActivityCreator(a.Key, a.Value, scopes, shims))]);
        _worker.AddOrchestrationDispatcherMiddleware(ParentMiddleware.RunAsync);
        await _worker.StartAsync();
    }

    /// <summary>Stops taking work; work under way is given the host's shutdown time to finish, then abandoned to another worker.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_worker is { } worker)
        {
            await worker.StopAsync(isForced: cancellationToken.IsCancellationRequested);
            worker.Dispose();
        }
    }
}

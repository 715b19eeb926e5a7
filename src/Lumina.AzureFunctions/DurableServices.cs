using Lumina.Functions.Catalogs;
using Lumina.Functions.Health;
using Lumina.Functions.Jobs;
using Lumina.AzureFunctions.Uploads;
using Lumina.Functions.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Lumina.AzureFunctions;

/// <summary>
/// Lumina's services that start or follow orchestrations, made for one invocation around the
/// <see cref="DurableTaskClient"/> the host binds to it (<c>[DurableClient]</c>): under Durable Functions the client
/// comes with each invocation, not from the container.
/// </summary>
public sealed class DurableServices(IServiceProvider services)
{
    public JobService Jobs(DurableTaskClient client) => ActivatorUtilities.CreateInstance<JobService>(services, client);

    public CatalogDeletion Deletion(DurableTaskClient client) => ActivatorUtilities.CreateInstance<CatalogDeletion>(services, Jobs(client));

    public HealthService Health(DurableTaskClient client) => ActivatorUtilities.CreateInstance<HealthService>(services, Jobs(client));

    public JobRestarter Restarter(DurableTaskClient client) => ActivatorUtilities.CreateInstance<JobRestarter>(services, Jobs(client));

    public UploadTrigger Uploads(DurableTaskClient client) => ActivatorUtilities.CreateInstance<UploadTrigger>(services, client);

    public BlobUploads BlobUploads(DurableTaskClient client) => ActivatorUtilities.CreateInstance<BlobUploads>(services, Uploads(client));
}

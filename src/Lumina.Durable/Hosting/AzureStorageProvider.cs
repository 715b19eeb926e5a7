using Azure.Identity;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace Lumina.Durable.Hosting;

/// <summary>DTFx's Azure Storage provider (the one Durable Functions uses) with Lumina's settings.</summary>
internal static class AzureStorageProvider
{
    public static IOrchestrationService Create(DurableTaskHostOptions host, AzureStorageProviderOptions storage, ILoggerFactory loggers)
    {
        storage.Validate(host.TaskHub);
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = host.TaskHub,
            StorageAccountClientProvider = Accounts(storage),
            WorkerId = host.WorkerId,
            MaxConcurrentTaskOrchestrationWorkItems = Math.Max(1, host.MaxConcurrentOrchestrations),
            MaxConcurrentTaskActivityWorkItems = Math.Max(1, host.MaxConcurrentActivities),
            MaxQueuePollingInterval = storage.MaxPollingInterval,
            ControlQueueVisibilityTimeout = storage.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = storage.WorkItemQueueVisibilityTimeout,
            PartitionCount = storage.PartitionCount,
            LeaseInterval = storage.LeaseInterval,
            LeaseRenewInterval = storage.LeaseInterval / 3,
            LeaseAcquireInterval = storage.LeaseInterval / 3,
            ThrowExceptionOnInvalidDedupeStatus = true,
            LoggerFactory = loggers,
        };
        return new AzureStorageOrchestrationService(settings);
    }

    private static StorageAccountClientProvider Accounts(AzureStorageProviderOptions storage) =>
        storage.ConnectionString is { Length: > 0 } connection ? new StorageAccountClientProvider(connection)
        : storage.AccountName is { Length: > 0 } account ? new StorageAccountClientProvider(account, new DefaultAzureCredential())
        : new StorageAccountClientProvider(storage.BlobServiceUri!, storage.QueueServiceUri!, storage.TableServiceUri!, new DefaultAzureCredential());
}

using System.Text.RegularExpressions;

namespace Lumina.Durable.Hosting;

/// <summary>
/// Where and how the Azure Storage provider keeps the task hub: a connection string, or identity-based (an account
/// name or the three service URIs, signed in with DefaultAzureCredential). Each property's comment gives its default.
/// </summary>
public sealed partial class AzureStorageProviderOptions
{
    /// <summary>A storage connection string with blob, queue and table endpoints (Azurite's included). Default none.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>For identity-based access: the account, whose endpoints are https://{name}.{blob|queue|table}.core.windows.net. Default none.</summary>
    public string? AccountName { get; set; }

    /// <summary>For identity-based access with other endpoints: all three service URIs. Default none.</summary>
    public Uri? BlobServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    public Uri? TableServiceUri { get; set; }

    /// <summary>Longest wait of an idle queue poller. Default 1 s (the provider's own default is 30 s).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a dequeued control-queue message stays invisible: the time a crashed worker's orchestration messages wait
    /// before another worker takes them. Default 30 s (the provider's is 5 minutes, which stalled instances between two workers).
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The same for activity messages. Default 30 s (the provider's is 5 minutes).</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Control-queue partitions (1 to 16), the most workers that run orchestrations at once. Fixed when the hub is created. Default 4.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>How long a worker's partition lease lasts unless renewed: a crashed worker's partitions move after it. Default 15 s (the provider's is 30 s).</summary>
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Throws an <see cref="InvalidOperationException"/> naming the first invalid property.</summary>
    public void Validate(string taskHub)
    {
        var uris = new[] { BlobServiceUri, QueueServiceUri, TableServiceUri }.Count(u => u is not null);
        var ways = (string.IsNullOrWhiteSpace(ConnectionString) ? 0 : 1) + (string.IsNullOrWhiteSpace(AccountName) ? 0 : 1) + (uris > 0 ? 1 : 0);
        if (ways != 1)
        {
            throw Invalid("ConnectionString", "(or AccountName, or BlobServiceUri, QueueServiceUri and TableServiceUri) must be set, exactly one of the three ways");
        }

        if (uris is > 0 and < 3)
        {
            throw Invalid("BlobServiceUri", "QueueServiceUri and TableServiceUri must be set together");
        }

        if (!TaskHubName().IsMatch(taskHub))
        {
            throw new InvalidOperationException(
                $"The Azure Storage provider needs a task hub name of 3 to 45 letters and digits starting with a letter (got '{taskHub}').");
        }

        RequirePositive(nameof(MaxPollingInterval), MaxPollingInterval);
        RequirePositive(nameof(ControlQueueVisibilityTimeout), ControlQueueVisibilityTimeout);
        RequirePositive(nameof(WorkItemQueueVisibilityTimeout), WorkItemQueueVisibilityTimeout);
        RequirePositive(nameof(LeaseInterval), LeaseInterval);
        if (PartitionCount is < 1 or > 16)
        {
            throw Invalid(nameof(PartitionCount), $"must be 1 to 16 (got {PartitionCount})");
        }
    }

    private static void RequirePositive(string property, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            throw Invalid(property, $"must be positive (got {value})");
        }
    }

    private static InvalidOperationException Invalid(string property, string problem) => new($"AzureStorageProviderOptions.{property} {problem}.");

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex TaskHubName();
}

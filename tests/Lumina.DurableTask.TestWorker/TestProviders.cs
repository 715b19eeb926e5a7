using Lumina.Durable.Hosting;

namespace Lumina.DurableTask.TestWorker;

/// <summary>The providers the conformance suite runs on, by name, with settings that keep crash recovery within a test's patience.</summary>
public static class TestProviders
{
    public const string AzureStorage = "azurestorage";
    public const string Postgres = "postgres";

    public static DurableTaskBuilder Use(this DurableTaskBuilder builder, string provider, string connection) => provider switch
    {
        AzureStorage => builder.UseAzureStorage(o =>
        {
            o.ConnectionString = connection;
            o.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(10);
            o.WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(10);
            o.LeaseInterval = TimeSpan.FromSeconds(6);
            o.MaxPollingInterval = TimeSpan.FromMilliseconds(500);
            o.PartitionCount = 2;
        }),
        Postgres => builder.UsePostgres(o =>
        {
            o.ConnectionString = connection;
            o.LockTimeout = TimeSpan.FromSeconds(10);
            o.MinPollingInterval = TimeSpan.FromMilliseconds(10);
            o.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
        }),
        _ => throw new ArgumentException($"unknown provider '{provider}'", nameof(provider)),
    };
}

using Lumina.Storage.Blobs.Azure;
using Lumina.Testing;
using Microsoft.Extensions.Logging;

namespace Lumina.Storage.Tests.Blobs;

/// <summary>A test's own fault-injecting proxy in front of the run's Azurite, and clients that go through it.</summary>
public sealed class ThroughProxy : IAsyncDisposable
{
    private ThroughProxy(FaultProxy proxy)
    {
        Proxy = proxy;
    }

    public FaultProxy Proxy { get; }

    /// <summary>Retries without waiting long, so that tests of retries stay fast.</summary>
    public static AzureBlobOptions QuickRetries { get; } = new() { InitialRetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryDelay = TimeSpan.FromSeconds(10) };

    public string ConnectionString => TestAzurite.ConnectionString(Proxy.Address, TestAzurite.DevelopmentAccount, TestAzurite.DevelopmentKey);

    public static async Task<ThroughProxy> StartAsync() => new(await FaultProxy.StartAsync(await TestAzurite.ServiceRootAsync()));

    public AzureBlobContainer Container(string name, AzureBlobOptions? options = null, ILogger? logger = null) =>
        new(StorageConnection.ForBlobs(ConnectionString), name, options ?? QuickRetries, logger);

    /// <summary>Requests received since the proxy started whose target contains <paramref name="fragment"/>.</summary>
    public int Count(string method, string fragment) =>
        Proxy.Requests.Count(r => r.StartsWith(method + " ", StringComparison.Ordinal) && r.Contains(fragment, StringComparison.Ordinal));

    public ValueTask DisposeAsync() => Proxy.DisposeAsync();
}

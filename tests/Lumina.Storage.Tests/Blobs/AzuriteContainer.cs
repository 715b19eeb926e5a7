using Lumina.Storage.Blobs.Azure;
using Lumina.Testing;

namespace Lumina.Storage.Tests.Blobs;

/// <summary>A class fixture: a container of its own in the run's Azurite, created once for the test class.</summary>
public sealed class AzuriteContainer : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public string Name { get; } = TestAzurite.UniqueContainerName("lumina");

    /// <summary>The container with default options.</summary>
    public AzureBlobContainer Default { get; private set; } = null!;

    /// <summary>The same container through a client with other options.</summary>
    public AzureBlobContainer With(AzureBlobOptions options) => new(StorageConnection.ForBlobs(ConnectionString), Name, options);

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await TestAzurite.ConnectionStringAsync();
        Default = new AzureBlobContainer(StorageConnection.ForBlobs(ConnectionString), Name);
        await Default.CreateIfNotExistsAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

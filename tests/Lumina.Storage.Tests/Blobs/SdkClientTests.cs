using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Lumina.Storage.Blobs.Azure;
using Lumina.Testing;

namespace Lumina.Storage.Tests.Blobs;

/// <summary>What the SDK clients that <see cref="StorageConnection"/> builds send, and how they are authorized.</summary>
public sealed class SdkClientTests(AzuriteContainer azurite) : IClassFixture<AzuriteContainer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryRequestCarriesThePinnedServiceVersionAndAzuriteServesIt()
    {
        await using var through = await ThroughProxy.StartAsync();
        var container = through.Container(azurite.Name);
        var name = $"version/{Guid.NewGuid():N}.jpg";

        await container.UploadAsync(name, new MemoryStream([1, 2]), "image/jpeg", metadata: null, Ct);
        var properties = await container.GetPropertiesAsync(name, Ct);
        var listed = await container.ListAsync("version/", includeMetadata: false, Ct).CountAsync(Ct);

        Assert.Equal((2L, 1), (properties!.Size, listed));
        Assert.Equal(3, through.Proxy.ServiceVersions.Count);
        Assert.All(through.Proxy.ServiceVersions, v => Assert.Equal("2025-11-05", v));
    }

    [Fact]
    public async Task AContainerSasUrlMadeByTheSdkWorks()
    {
        var root = await TestAzurite.ServiceRootAsync();
        var signer = new BlobContainerClient(
            new Uri($"{root}{TestAzurite.DevelopmentAccount}/{azurite.Name}"),
            new StorageSharedKeyCredential(TestAzurite.DevelopmentAccount, TestAzurite.DevelopmentKey));
        var url = signer.GenerateSasUri(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Write | BlobContainerSasPermissions.List, DateTimeOffset.UtcNow.AddHours(1));
        var store = AzureBlobStore.Create(url.ToString(), container: null, prefix: $"sdk-sas/{Guid.NewGuid():N}");

        await store.PutAsync("a.jpg", new MemoryStream([5, 6, 7]), "image/jpeg", Ct);

        Assert.Equal(StorageAuth.SharedAccessSignature, store.Container.Connection.Auth);
        Assert.Equal([5, 6, 7], await store.ReadAllBytesAsync("a.jpg", Ct));
        Assert.Equal(["a.jpg"], await store.ListAsync("", Ct).Select(b => b.Name).ToListAsync(Ct));
    }

    [Fact]
    public async Task AnAccountUrlWithoutAnAzureIdentityToSignInWithSaysWhatToDo()
    {
        var store = AzureBlobStore.Create("https://luminanosuchaccount.blob.core.windows.net/photos", container: null);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => store.GetPropertiesAsync("a.jpg", Ct));

        Assert.Null(error.Status);
        Assert.StartsWith("Get Blob Properties of 'a.jpg' in container 'photos' failed: no Azure identity could sign in for https://luminanosuchaccount.blob.core.windows.net: "
            + "sign in with 'az login', set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run with a managed identity", error.Message, StringComparison.Ordinal);
        Assert.Contains("or use a connection string or SAS URL instead", error.Message, StringComparison.Ordinal);
    }
}

using Lumina.Storage.Blobs;
using Lumina.Storage.Blobs.Azure;

namespace Lumina.Storage.Tests.Blobs;

/// <summary>The store contract over Azurite; each test gets its own prefix in the class's container.</summary>
public sealed class AzureBlobStoreTests(AzuriteContainer azurite) : BlobStoreContract, IClassFixture<AzuriteContainer>
{
    protected override Task<IBlobStore> CreateEmptyStoreAsync() =>
        Task.FromResult<IBlobStore>(new AzureBlobStore(azurite.Default, $"contract/{Guid.NewGuid():N}"));

    [Fact]
    public async Task NamesAreRelativeToThePrefixInTheContainer()
    {
        var store = AzureBlobStore.Create(azurite.ConnectionString, azurite.Name, "/catalog-a/originals/");
        await store.PutAsync("2024/a.jpg", new MemoryStream([1, 2, 3]), "image/jpeg", Ct);

        Assert.Equal("catalog-a/originals/", store.Prefix);
        Assert.NotNull(await azurite.Default.GetPropertiesAsync("catalog-a/originals/2024/a.jpg", Ct));
        Assert.Equal(["2024/a.jpg"], await store.ListAsync("", Ct).Select(b => b.Name).ToListAsync(Ct));
        Assert.EndsWith($"/devstoreaccount1/{azurite.Name}/catalog-a/originals", store.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingAContainerRemovesItsBlobsAndReportsWhetherItExisted()
    {
        var container = new AzureBlobContainer(StorageConnection.ForBlobs(azurite.ConnectionString), Lumina.Testing.TestAzurite.UniqueContainerName("doomed"));
        await container.CreateIfNotExistsAsync(Ct);
        await container.UploadAsync("a.jpg", new MemoryStream([1]), "image/jpeg", null, Ct);

        Assert.True(await container.DeleteContainerAsync(Ct));
        Assert.False(await container.DeleteContainerAsync(Ct));
        var gone = await Assert.ThrowsAsync<BlobStorageException>(() => container.GetPropertiesAsync("a.jpg", Ct));
        Assert.Equal("ContainerNotFound", gone.ErrorCode);
    }
}

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
}

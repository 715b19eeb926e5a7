using System.Net;
using Lumina.Storage.Blobs.Azure;
using Lumina.Testing;

namespace Lumina.Storage.Tests.Blobs;

public sealed class SasTests(AzuriteContainer azurite) : IClassFixture<AzuriteContainer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AContainerSasUrlIsEnoughToWriteListReadAndDelete()
    {
        var store = AzureBlobStore.Create(await SasUrlAsync("racwdl", DateTimeOffset.UtcNow.AddHours(1)), container: null, prefix: "sas-url");

        await store.PutAsync("a b+c.jpg", new MemoryStream([1, 2]), "image/jpeg", Ct);

        Assert.Equal(azurite.Name, store.Container.Name);
        Assert.Equal(["a b+c.jpg"], await store.ListAsync("", Ct).Select(b => b.Name).ToListAsync(Ct));
        Assert.Equal([1, 2], await store.ReadAllBytesAsync("a b+c.jpg", Ct));
        Assert.True(await store.DeleteAsync("a b+c.jpg", Ct));
    }

    [Fact]
    public async Task ASharedAccessSignatureConnectionStringWorks()
    {
        var root = await TestAzurite.ServiceRootAsync();
        var sas = ServiceSas.ForContainer(TestAzurite.DevelopmentAccount, TestAzurite.DevelopmentKey, azurite.Name, "rwl", DateTimeOffset.UtcNow.AddHours(1));
        var store = AzureBlobStore.Create($"BlobEndpoint={root}{TestAzurite.DevelopmentAccount};SharedAccessSignature={sas}", azurite.Name, "sas-cs");

        await store.PutAsync("x.jpg", new MemoryStream([3]), "image/jpeg", Ct);

        Assert.Equal([3], await store.ReadAllBytesAsync("x.jpg", Ct));
    }

    [Fact]
    public async Task AnExpiredSasIsRejectedClearlyWithoutShowingTheSignature()
    {
        var url = await SasUrlAsync("racwdl", DateTimeOffset.UtcNow.AddHours(-1));
        var store = AzureBlobStore.Create(url, container: null);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => store.GetPropertiesAsync("a.jpg", Ct));

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Contains("the shared access signature", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.UnescapeDataString(url.Split("sig=")[1])[..16], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReadOnlySasCannotWriteAndTheErrorSaysWhy()
    {
        var store = AzureBlobStore.Create(await SasUrlAsync("rl", DateTimeOffset.UtcNow.AddHours(1)), container: null);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => store.PutAsync("a.jpg", new MemoryStream([1]), "image/jpeg", Ct));

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Contains("the shared access signature does not allow Put Blob: check its permissions (sp)", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> SasUrlAsync(string permissions, DateTimeOffset expiry)
    {
        var root = await TestAzurite.ServiceRootAsync();
        var sas = ServiceSas.ForContainer(TestAzurite.DevelopmentAccount, TestAzurite.DevelopmentKey, azurite.Name, permissions, expiry);
        return $"{root}{TestAzurite.DevelopmentAccount}/{azurite.Name}?{sas}";
    }
}

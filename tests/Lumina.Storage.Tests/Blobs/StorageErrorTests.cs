using System.Net;
using Lumina.Storage.Blobs.Azure;
using Lumina.Testing;

namespace Lumina.Storage.Tests.Blobs;

public sealed class StorageErrorTests(AzuriteContainer azurite) : IClassFixture<AzuriteContainer>
{
    private static readonly AzureBlobOptions TwoQuickAttempts = ThroughProxy.QuickRetries with { MaxAttempts = 2 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMissingContainerIsNamedWithWhatToDo()
    {
        var name = TestAzurite.UniqueContainerName("missing");
        var container = new AzureBlobContainer(StorageConnection.ForBlobs(azurite.ConnectionString), name);
        var expected = $"container '{name}' does not exist in account devstoreaccount1: create it or check the name (HTTP 404, ContainerNotFound)";

        var errors = new[]
        {
            await Assert.ThrowsAsync<BlobStorageException>(() => container.GetPropertiesAsync("a.jpg", Ct)),
            await Assert.ThrowsAsync<BlobStorageException>(() => container.OpenReadAsync("a.jpg", range: null, Ct)),
            await Assert.ThrowsAsync<BlobStorageException>(() => container.UploadAsync("a.jpg", new MemoryStream([1]), "image/jpeg", metadata: null, Ct)),
            await Assert.ThrowsAsync<BlobStorageException>(() => container.DeleteAsync("a.jpg", Ct)),
            await Assert.ThrowsAsync<BlobStorageException>(async () => await container.ListAsync("", includeMetadata: false, Ct).ToListAsync(Ct)),
        };

        Assert.Equal(["Get Blob Properties", "Get Blob", "Put Blob", "Delete Blob", "List Blobs"], errors.Select(e => e.Operation));
        Assert.All(errors, e =>
        {
            Assert.Equal((HttpStatusCode.NotFound, "ContainerNotFound", name), (e.Status, e.ErrorCode, e.Container));
            Assert.EndsWith(expected, e.Message, StringComparison.Ordinal);
        });
        Assert.StartsWith($"Get Blob of 'a.jpg' in container '{name}' failed: ", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatingAContainerTwiceReportsThatItExisted()
    {
        var container = new AzureBlobContainer(StorageConnection.ForBlobs(azurite.ConnectionString), TestAzurite.UniqueContainerName("twice"));
        Assert.True(await container.CreateIfNotExistsAsync(Ct));
        Assert.False(await container.CreateIfNotExistsAsync(Ct));
    }

    [Fact]
    public async Task AMissingBlobIsNamedByTheContainerClient()
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(() => azurite.Default.OpenReadAsync("nowhere/a.jpg", range: null, Ct));
        Assert.Equal((HttpStatusCode.NotFound, "BlobNotFound"), (error.Status, error.ErrorCode));
        Assert.Contains($"blob 'nowhere/a.jpg' does not exist in container '{azurite.Name}'", error.Message, StringComparison.Ordinal);

        var metadata = await Assert.ThrowsAsync<BlobStorageException>(() =>
            azurite.Default.SetMetadataAsync("nowhere/a.jpg", new Dictionary<string, string> { ["a"] = "b" }, Ct));
        Assert.Equal("BlobNotFound", metadata.ErrorCode);
    }

    [Fact]
    public async Task AWrongAccountKeyIsReportedAsARejectedKeyWithoutShowingIt()
    {
        const string wrongKey = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMDAwMDAwMDAwMDAwMDAwMDAwMDAwMA==";
        var connectionString = TestAzurite.ConnectionString(await TestAzurite.ServiceRootAsync(), TestAzurite.DevelopmentAccount, wrongKey);
        var store = AzureBlobStore.Create(connectionString, azurite.Name);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => store.ReadAllBytesAsync("a.jpg", Ct));

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.DoesNotContain("gave up", error.Message, StringComparison.Ordinal);
        Assert.Contains("failed: the account key was rejected by http://127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("check AccountName and AccountKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey[..16], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownAccountIsNamed()
    {
        var connectionString = TestAzurite.ConnectionString(await TestAzurite.ServiceRootAsync(), "nosuchaccount", TestAzurite.DevelopmentKey);
        var container = new AzureBlobContainer(StorageConnection.ForBlobs(connectionString), azurite.Name);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => container.CreateIfNotExistsAsync(Ct));

        Assert.Contains("does not know account nosuchaccount: check AccountName and BlobEndpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableEndpointGivesUpAfterTheAttemptsWithTheAddress()
    {
        var connectionString = TestAzurite.ConnectionString(new Uri("http://127.0.0.1:1/"), TestAzurite.DevelopmentAccount, TestAzurite.DevelopmentKey);
        var container = new AzureBlobContainer(StorageConnection.ForBlobs(connectionString), azurite.Name, TwoQuickAttempts);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => container.GetPropertiesAsync("a.jpg", Ct));

        Assert.Null(error.Status);
        Assert.Contains("failed: could not reach http://127.0.0.1:1/devstoreaccount1 (Connection refused", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("gave up after 2 attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnusableBlobNamesAndMetadataAreRejectedBeforeAnyRequest()
    {
        await using var through = await ThroughProxy.StartAsync();
        var container = through.Container(azurite.Name);

        var name = await Assert.ThrowsAsync<ArgumentException>(() => container.GetPropertiesAsync("a/../b.jpg", Ct));
        var trailing = await Assert.ThrowsAsync<ArgumentException>(() => container.DeleteAsync("folder/", Ct));
        var backslash = await Assert.ThrowsAsync<ArgumentException>(() => container.OpenReadAsync("a\\b.jpg", range: null, Ct));
        var metadataName = await Assert.ThrowsAsync<ArgumentException>(() =>
            container.UploadAsync("ok.jpg", new MemoryStream([1]), "image/jpeg", new Dictionary<string, string> { ["bad-name"] = "x" }, Ct));
        var metadataValue = await Assert.ThrowsAsync<ArgumentException>(() =>
            container.SetMetadataAsync("ok.jpg", new Dictionary<string, string> { ["place"] = "Zürich" }, Ct));

        Assert.Contains("'a/../b.jpg' is not a usable blob name", name.Message, StringComparison.Ordinal);
        Assert.Contains("'folder/' is not a usable blob name", trailing.Message, StringComparison.Ordinal);
        Assert.Contains("'a\\b.jpg' is not a usable blob name: use 1 to 1,024 characters, '/' between segments (not '\\')", backslash.Message, StringComparison.Ordinal);
        Assert.Contains("Metadata name 'bad-name' is not allowed", metadataName.Message, StringComparison.Ordinal);
        Assert.Contains("The value of metadata 'place' is not allowed: use printable ASCII", metadataValue.Message, StringComparison.Ordinal);
        Assert.Empty(through.Proxy.Requests);
    }

    [Fact]
    public async Task SetMetadataReplacesTheBlobsMetadata()
    {
        var name = $"metadata/{Guid.NewGuid():N}.jpg";
        await azurite.Default.UploadAsync(name, new MemoryStream([1]), "image/jpeg", new Dictionary<string, string> { ["first"] = "1" }, Ct);

        await azurite.Default.SetMetadataAsync(name, new Dictionary<string, string> { ["second"] = "2", ["Third_3"] = "three three" }, Ct);

        var metadata = (await azurite.Default.GetPropertiesAsync(name, Ct))!.Metadata;
        Assert.Equal([("Third_3", "three three"), ("second", "2")], metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (m.Key, m.Value)));
    }
}

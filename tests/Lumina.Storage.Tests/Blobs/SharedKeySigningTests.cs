using System.Text;
using Lumina.Storage.Blobs.Azure;
using Lumina.Testing;

namespace Lumina.Storage.Tests.Blobs;

/// <summary>Azurite checks every SharedKey signature, so each request that succeeds here was signed exactly right.</summary>
public sealed class SharedKeySigningTests(AzuriteContainer azurite) : IClassFixture<AzuriteContainer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("with space.jpg")]
    [InlineData("ünïcødé/日本語 写真.jpg")]
    [InlineData("emoji 📷/ok.jpg")]
    [InlineData("hash#tag.jpg")]
    [InlineData("question?mark=1&x=2.jpg")]
    [InlineData("percent%41 and %2F not a slash.jpg")]
    [InlineData("plus+sign.jpg")]
    [InlineData("tilde~star*quote'paren().jpg")]
    [InlineData("[brackets] {braces} |pipe| <angle> \"quote\" `tick` ^caret.jpg")]
    public async Task ANameThatNeedsEscapingWorksInEveryOperation(string name)
    {
        var container = azurite.Default;
        var blob = $"escaping/{Guid.NewGuid():N}/{name}";
        var content = Encoding.UTF8.GetBytes(blob);

        await container.UploadAsync(blob, new MemoryStream(content), "image/jpeg", new Dictionary<string, string> { ["source"] = "test" }, Ct);
        await container.SetMetadataAsync(blob, new Dictionary<string, string> { ["checked"] = "yes" }, Ct);
        var properties = await container.GetPropertiesAsync(blob, Ct);
        await using (var stream = await container.OpenReadAsync(blob, new BlobRange(0, content.Length), Ct))
        {
            var read = new byte[content.Length];
            await stream.ReadExactlyAsync(read, Ct);
            Assert.Equal(content, read);
        }

        var listed = await container.ListAsync(blob, includeMetadata: true, Ct).ToListAsync(Ct);
        var deleted = await container.DeleteAsync(blob, Ct);

        Assert.Equal("yes", properties!.Metadata["checked"]);
        Assert.Equal(blob, Assert.Single(listed).Name);
        Assert.True(deleted);
    }

    [Fact]
    public async Task AListPrefixThatNeedsEscapingIsSignedAndApplied()
    {
        var folder = $"prefixes/{Guid.NewGuid():N}/";
        string[] names = [$"{folder}a+b c&d=e%f#g/1.jpg", $"{folder}a+b c&d=e%f#g/2.jpg", $"{folder}a b/3.jpg", $"{folder}a+b/4.jpg"];
        foreach (var name in names)
        {
            await azurite.Default.UploadAsync(name, new MemoryStream([1]), "image/jpeg", metadata: null, Ct);
        }

        var listed = await azurite.Default.ListAsync($"{folder}a+b c&d=e%f#g/", includeMetadata: false, Ct).Select(b => b.Name).ToListAsync(Ct);
        Assert.Equal(names[..2], listed);
    }

    [Fact]
    public async Task AContentTypeWithParametersIsSignedAsSentAndStored()
    {
        var blob = $"types/{Guid.NewGuid():N}.txt";
        await azurite.Default.UploadAsync(blob, new MemoryStream("hello"u8.ToArray()), "text/plain; charset=utf-8", metadata: null, Ct);
        Assert.Equal("text/plain; charset=utf-8", (await azurite.Default.GetPropertiesAsync(blob, Ct))!.ContentType);
    }

    [Fact]
    public async Task AnAccountWhoseKeyHoldsPlusSlashAndEqualsSignsIsServed()
    {
        Assert.True(TestAzurite.KeyCharsKey.Contains('+') && TestAzurite.KeyCharsKey.Contains('/') && TestAzurite.KeyCharsKey.EndsWith('='));
        var connectionString = TestAzurite.ConnectionString(await TestAzurite.ServiceRootAsync(), TestAzurite.KeyCharsAccount, TestAzurite.KeyCharsKey);
        var store = AzureBlobStore.Create(connectionString, TestAzurite.UniqueContainerName("keychars"));
        Assert.True(await store.Container.CreateIfNotExistsAsync(Ct));

        await store.PutAsync("café/a b.jpg", new MemoryStream([1, 2, 3]), "image/jpeg", Ct);

        Assert.Equal([1, 2, 3], await store.ReadAllBytesAsync("café/a b.jpg", Ct));
        Assert.Equal(["café/a b.jpg"], await store.ListAsync("", Ct).Select(b => b.Name).ToListAsync(Ct));
        Assert.Equal(TestAzurite.KeyCharsAccount, store.Container.Connection.AccountName);
    }

    [Fact]
    public async Task TheDevelopmentKeyDoesNotOpenTheOtherAccount()
    {
        var connectionString = TestAzurite.ConnectionString(await TestAzurite.ServiceRootAsync(), TestAzurite.KeyCharsAccount, TestAzurite.DevelopmentKey);
        var container = new AzureBlobContainer(BlobServiceConnection.Parse(connectionString), TestAzurite.UniqueContainerName("wrongkey"));
        var error = await Assert.ThrowsAsync<BlobStorageException>(() => container.CreateIfNotExistsAsync(Ct));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.Status);
        Assert.Contains("the account key was rejected", error.Message, StringComparison.Ordinal);
    }
}

using Lumina.Storage.Blobs.Azure;

namespace Lumina.Storage.Tests.Blobs;

public sealed class ConnectionStringTests
{
    private const string Key = "c2VjcmV0LWtleS1ub3QtZm9yLWxvZ3MtMDEyMzQ1Njc4OQ==";

    [Fact]
    public void DevelopmentStorageMeansAzuriteOnItsDefaultPort()
    {
        var connection = StorageConnection.ForBlobs("UseDevelopmentStorage=true");
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", connection.ServiceUri.ToString());
        Assert.Equal("devstoreaccount1", connection.AccountName);
        Assert.False(connection.UsesSas);
    }

    [Fact]
    public void AccountNameAndKeyMeanThePublicCloudOverHttps()
    {
        var connection = StorageConnection.ForBlobs($"AccountName=photos01;AccountKey={Key}");
        Assert.Equal("https://photos01.blob.core.windows.net/", connection.ServiceUri.ToString());
        Assert.Equal("photos01", connection.AccountName);
    }

    [Fact]
    public void ProtocolAndEndpointSuffixAreHonoured()
    {
        var connection = StorageConnection.ForBlobs(
            $"DefaultEndpointsProtocol=http;AccountName=photos01;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");
        Assert.Equal("http://photos01.blob.core.chinacloudapi.cn/", connection.ServiceUri.ToString());
    }

    [Fact]
    public void AnExplicitBlobEndpointWinsOverTheSuffix()
    {
        var connection = StorageConnection.ForBlobs(
            $"DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:41234/devstoreaccount1;EndpointSuffix=core.windows.net;");
        Assert.Equal("http://127.0.0.1:41234/devstoreaccount1", connection.ServiceUri.ToString());
    }

    [Fact]
    public void PartNamesAreCaseInsensitiveAndQueueEndpointsAreIgnored()
    {
        var connection = StorageConnection.ForBlobs(
            $"accountname=photos01; accountkey={Key}; QueueEndpoint=https://photos01.queue.core.windows.net/");
        Assert.Equal("https://photos01.blob.core.windows.net/", connection.ServiceUri.ToString());
    }

    [Fact]
    public void ASharedAccessSignatureConnectionStringNeedsNoAccountName()
    {
        var connection = StorageConnection.ForBlobs("BlobEndpoint=https://photos01.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&sp=rl&sig=abc%3D");
        Assert.True(connection.UsesSas);
        Assert.Equal("photos01", connection.AccountName);
        Assert.Null(connection.Container);
    }

    [Fact]
    public void AContainerSasUrlNamesTheAccountAndTheContainer()
    {
        var connection = StorageConnection.ForBlobs("https://photos01.blob.core.windows.net/originals?sv=2022-11-02&sr=c&sp=rl&sig=abc%3D");
        Assert.Equal(("photos01", "originals", "https://photos01.blob.core.windows.net/"), (connection.AccountName, connection.Container, connection.ServiceUri.ToString()));
        Assert.True(connection.UsesSas);
    }

    [Fact]
    public void APathStyleSasUrlTakesTheAccountFromThePath()
    {
        var connection = StorageConnection.ForBlobs("http://127.0.0.1:10000/devstoreaccount1/originals?sv=2022-11-02&sr=c&sp=rl&sig=abc%3D");
        Assert.Equal(("devstoreaccount1", "originals", "http://127.0.0.1:10000/devstoreaccount1"), (connection.AccountName, connection.Container, connection.ServiceUri.ToString()));
    }

    [Fact]
    public void AnAccountUrlWithoutQuerySignsInWithAnAzureIdentity()
    {
        var account = StorageConnection.ForBlobs("https://photos01.blob.core.windows.net");
        var container = StorageConnection.ForBlobs("https://photos01.blob.core.windows.net/originals/");
        Assert.Equal((StorageAuth.Identity, "photos01", null), (account.Auth, account.AccountName, account.Container));
        Assert.Equal((StorageAuth.Identity, "originals", "https://photos01.blob.core.windows.net/"), (container.Auth, container.Container, container.ServiceUri.ToString()));
        Assert.Equal("account photos01 at https://photos01.blob.core.windows.net (Azure identity)", account.ToString());
        Assert.Equal("originals", AzureBlobStore.Create("https://photos01.blob.core.windows.net/originals", container: null).Container.Name);
    }

    [Fact]
    public void DescribingAConnectionShowsNeitherKeyNorSignature()
    {
        Assert.Equal("account photos01 at https://photos01.blob.core.windows.net", StorageConnection.ForBlobs($"AccountName=photos01;AccountKey={Key}").ToString());
        var sas = StorageConnection.ForBlobs("https://photos01.blob.core.windows.net/originals?sv=2022-11-02&sr=c&sp=rl&sig=SIGNATURE");
        Assert.DoesNotContain("SIGNATURE", sas.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadConnectionStrings => new()
    {
        { "", "is empty" },
        { "   ", "is empty" },
        { "AccountName=photos01", "has neither AccountKey nor SharedAccessSignature" },
        { $"AccountKey={Key}", "has AccountKey but no AccountName" },
        { $"AccountName=photos01;AccountKey=not*base64!{Key}", "AccountKey that is not valid base64" },
        { $"AccountName=photos01;AcountKey={Key}", "unknown part 'AcountKey'" },
        { $"AccountName=photos01;AccountKey={Key};AccountKey={Key}", "has AccountKey twice" },
        { $"AccountName=photos01;AccountKey=", "has an empty AccountKey" },
        { $"DefaultEndpointsProtocol=ftp;AccountName=photos01;AccountKey={Key}", "DefaultEndpointsProtocol other than http or https" },
        { $"AccountName=photos01;AccountKey={Key};BlobEndpoint=not a url", "BlobEndpoint that is not an http(s) URL" },
        { $"AccountName=photos01;AccountKey={Key};BlobEndpoint=ftp://host/x", "BlobEndpoint that is not an http(s) URL" },
        { $"AccountName=photos01;AccountKey={Key};SharedAccessSignature=sv=1&sig=x", "has both AccountKey and SharedAccessSignature" },
        { "SharedAccessSignature=sv=1&sig=x", "has neither BlobEndpoint nor AccountName" },
        { "UseDevelopmentStorage=false", "UseDevelopmentStorage set to something other than 'true'" },
        { $"UseDevelopmentStorage=true;AccountKey={Key}", "combines UseDevelopmentStorage=true with AccountKey" },
        { $"AccountName=photos01;{Key}", "has an unknown part starting 'c2V…'" },
        { $"AccountName=photos01;AccountKey={Key};{Key[..20]}", "has a part without 'name=value' (starting 'c2V…')" },
        { "https://photos01.blob.core.windows.net/originals?sv=1&sp=r", "has a query but no shared access signature (no 'sig=' in it)" },
        { "http://photos01.blob.core.windows.net/originals", "carries no shared access signature, and an Azure identity needs https" },
        { "https://photos01.blob.core.windows.net/originals/deeper?sv=1&sig=x", "should name a blob service or one container" },
    };

    [Theory]
    [MemberData(nameof(BadConnectionStrings))]
    public void ABadConnectionStringIsRejectedNamingTheProblemButNeverTheKey(string connectionString, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnection.ForBlobs(connectionString));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key[..12], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStoreNeedsAContainerUnlessTheSasUrlNamesOne()
    {
        var missing = Assert.Throws<ArgumentException>(() => AzureBlobStore.Create($"AccountName=photos01;AccountKey={Key}", container: null));
        Assert.Contains("Name the container", missing.Message, StringComparison.Ordinal);

        var mismatch = Assert.Throws<ArgumentException>(() =>
            AzureBlobStore.Create("https://photos01.blob.core.windows.net/originals?sv=1&sig=x", container: "thumbnails"));
        Assert.Contains("for container 'originals' but container 'thumbnails' was asked for", mismatch.Message, StringComparison.Ordinal);

        Assert.Equal("originals", AzureBlobStore.Create("https://photos01.blob.core.windows.net/originals?sv=1&sig=x", container: null).Container.Name);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Photos")]
    [InlineData("photos_2024")]
    [InlineData("-photos")]
    [InlineData("pho--tos")]
    public void AnInvalidContainerNameIsRejectedBeforeAnyRequest(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new AzureBlobContainer(StorageConnection.ForBlobs("UseDevelopmentStorage=true"), name));
        Assert.Contains($"'{name}' is not a valid container name: use 3 to 63 lowercase letters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidOptionsNameTheProperty()
    {
        var connection = StorageConnection.ForBlobs("UseDevelopmentStorage=true");
        var error = Assert.Throws<ArgumentException>(() => new AzureBlobContainer(connection, "photos", new AzureBlobOptions { BlockSize = 0 }));
        Assert.Equal("BlockSize", error.ParamName);
        Assert.Contains("AzureBlobOptions.BlockSize must be between 1 byte and 256 MiB", error.Message, StringComparison.Ordinal);
    }
}

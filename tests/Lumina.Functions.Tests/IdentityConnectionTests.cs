using Lumina.Functions.Catalogs;
using Lumina.Functions.Configuration;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Microsoft.Extensions.Configuration;

namespace Lumina.Functions.Tests;

/// <summary>
/// Identity-based connections (NAME__blobServiceUri, NAME__accountName, ...) as the Functions app's settings give them:
/// environment variables reach the configuration as NAME:key, local.settings.json keeps NAME__key.
/// </summary>
public sealed class IdentityConnectionTests
{
    [Theory]
    [InlineData("PhotoStorage:blobServiceUri", "https://photos.blob.core.windows.net/")]
    [InlineData("PhotoStorage__blobServiceUri", "https://photos.blob.core.windows.net/")]
    [InlineData("PhotoStorage:accountName", "photos")]
    public void ABlobCatalogNamingAnIdentityBasedConnectionOpensItsAccountWithAnAzureIdentity(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new KeyValuePair<string, string?>(key, value)]).Build();
        var catalogs = new CatalogService(null!, new LuminaSettings { Home = Path.GetTempPath() }, configuration);
        var catalog = new CatalogRecord(
            Guid.NewGuid(), "cloud", SourceKind.Blob, new BlobLocation("PhotoStorage", "originals", "").ToJson(), "{}", DateTimeOffset.UtcNow);

        var store = Assert.IsType<AzureBlobStore>(catalogs.Originals(catalog));

        Assert.Equal(StorageAuth.Identity, store.Container.Connection.Auth);
        Assert.Equal("https://photos.blob.core.windows.net/originals", store.Container.Url);
    }

    [Fact]
    public void AConnectionThatIsNoSettingAtAllSaysWhichSettingsWouldDo()
    {
        var catalogs = new CatalogService(null!, new LuminaSettings { Home = Path.GetTempPath() }, new ConfigurationBuilder().Build());
        var catalog = new CatalogRecord(
            Guid.NewGuid(), "cloud", SourceKind.Blob, new BlobLocation("PhotoStorage", "originals", "").ToJson(), "{}", DateTimeOffset.UtcNow);

        var error = Assert.Throws<CatalogException>(() => catalogs.Originals(catalog));

        Assert.Contains("setting PhotoStorage is not set", error.Message);
        Assert.Contains("PhotoStorage__blobServiceUri (or PhotoStorage__accountName) to sign in with an Azure identity", error.Message);
    }

    [Fact]
    public void TheDurableStorageTakesAnIdentityBasedConnectionFromEnvironmentVariables()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new KeyValuePair<string, string?>("LUMINA_DURABLE_PROVIDER", "azurestorage"), new KeyValuePair<string, string?>("LUMINA_DURABLE_STORAGE", "Hub"),
            new KeyValuePair<string, string?>("Hub:accountName", "tasks"),
        ]).Build();

        Assert.Equal("tasks", LuminaSettings.Load(configuration).DurableStorage!.AccountName);
    }
}

using Lumina.Functions.Configuration;
using Microsoft.Extensions.Configuration;

namespace Lumina.Functions.Tests;

/// <summary>LUMINA_DURABLE_PROVIDER, LUMINA_DURABLE_STORAGE and LUMINA_LOCK_TIMEOUT as LuminaSettings reads and checks them.</summary>
public sealed class DurableProviderSettingsTests
{
    private const string Azurite = "UseDevelopmentStorage=true";

    [Fact]
    public void PostgresIsTheDefaultAndNeedsNoStorage()
    {
        var settings = Load([]);

        Assert.Equal(DurableProviders.Postgres, settings.DurableProvider);
        Assert.Null(settings.DurableStorage);
    }

    [Fact]
    public void AzureStorageTakesAConnectionStringOrTheSettingItNamesDefaultingToAzureWebJobsStorage()
    {
        var direct = Load([("LUMINA_DURABLE_PROVIDER", "azurestorage"), ("LUMINA_DURABLE_STORAGE", Azurite)]);
        var named = Load([("LUMINA_DURABLE_PROVIDER", "azurestorage"), ("LUMINA_DURABLE_STORAGE", "Hub"), ("Hub", Azurite)]);
        var byDefault = Load([("LUMINA_DURABLE_PROVIDER", "azurestorage"), ("AzureWebJobsStorage", Azurite)]);

        Assert.All([direct, named, byDefault], s => Assert.Equal(Azurite, s.DurableStorage!.ConnectionString));
    }

    [Fact]
    public void AzureStorageTakesAnIdentityBasedConnectionByAccountOrByItsThreeServiceUris()
    {
        var account = Load([("LUMINA_DURABLE_PROVIDER", "azurestorage"), ("LUMINA_DURABLE_STORAGE", "Hub"), ("Hub__accountName", "photos")]);
        var uris = Load([
            ("LUMINA_DURABLE_PROVIDER", "azurestorage"), ("LUMINA_DURABLE_STORAGE", "Hub"), ("Hub__blobServiceUri", "https://b.example/"),
            ("Hub__queueServiceUri", "https://q.example/"), ("Hub__tableServiceUri", "https://t.example/"),
        ]);

        Assert.Equal(("photos", null), (account.DurableStorage!.AccountName, account.DurableStorage.ConnectionString));
        Assert.Equal(new Uri("https://t.example/"), uris.DurableStorage!.TableServiceUri);
    }

    [Fact]
    public void TheLockTimeoutIs30SecondsByDefaultAndAtLeast10()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Load([]).LockTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), Load([("LUMINA_LOCK_TIMEOUT", "10")]).LockTimeout);

        var error = Assert.Throws<ArgumentException>(() => Load([("LUMINA_LOCK_TIMEOUT", "5")]));

        Assert.Contains("LUMINA_LOCK_TIMEOUT='5' is not valid: expected a whole number from 10 to 3600", error.Message);
    }

    [Theory]
    [InlineData("LUMINA_DURABLE_PROVIDER=sqlite", "LUMINA_DURABLE_PROVIDER='sqlite' is not valid: expected postgres or azurestorage")]
    [InlineData("LUMINA_DURABLE_PROVIDER=azurestorage", "LUMINA_DURABLE_STORAGE='AzureWebJobsStorage' is not usable for the azurestorage provider")]
    [InlineData("LUMINA_DURABLE_PROVIDER=azurestorage;LUMINA_DURABLE_STORAGE=Hub;Hub__blobServiceUri=https://b.example/", "must be set together")]
    [InlineData("LUMINA_DURABLE_PROVIDER=azurestorage;LUMINA_DURABLE_STORAGE=Hub;Hub__queueServiceUri=not a uri", "Hub__queueServiceUri='not a uri' is not an absolute URI")]
    [InlineData("LUMINA_DURABLE_PROVIDER=azurestorage;AzureWebJobsStorage=UseDevelopmentStorage=true;LUMINA_TASK_HUB=my_hub", "task hub name of 3 to 45 letters and digits")]
    public void BadDurableSettingsAreRefusedNamingTheSetting(string values, string message)
    {
        var pairs = values.Split(';').Select(v => (v[..v.IndexOf('=', StringComparison.Ordinal)], v[(v.IndexOf('=', StringComparison.Ordinal) + 1)..])).ToArray();

        var error = Assert.Throws<ArgumentException>(() => Load(pairs));

        Assert.Contains(message, error.Message);
    }

    private static LuminaSettings Load((string Key, string Value)[] values) => LuminaSettings.Load(
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());
}

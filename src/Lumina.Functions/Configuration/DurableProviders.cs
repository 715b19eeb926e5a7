using Lumina.Durable.Hosting;
using Microsoft.Extensions.Configuration;

namespace Lumina.Functions.Configuration;

/// <summary>The values of LUMINA_DURABLE_PROVIDER, and how LUMINA_DURABLE_STORAGE is read for the Azure Storage provider.</summary>
public static class DurableProviders
{
    public const string Postgres = "postgres";
    public const string AzureStorage = "azurestorage";

    private const string DefaultConnection = "AzureWebJobsStorage";

    /// <summary>
    /// The Azure Storage connection when <paramref name="provider"/> is azurestorage, else null; throws an
    /// <see cref="ArgumentException"/> naming the setting that is wrong.
    /// </summary>
    public static AzureStorageProviderOptions? StorageFor(string provider, string taskHub, IConfiguration configuration)
    {
        if (provider == Postgres)
        {
            return null;
        }

        if (provider != AzureStorage)
        {
            throw new ArgumentException($"LUMINA_DURABLE_PROVIDER='{provider}' is not valid: expected {Postgres} or {AzureStorage}");
        }

        var named = configuration["LUMINA_DURABLE_STORAGE"] is { Length: > 0 } value ? value : DefaultConnection;
        var storage = Read(named, configuration);
        try
        {
            storage.Validate(taskHub);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"LUMINA_DURABLE_STORAGE='{named}' is not usable for the azurestorage provider: {e.Message}");
        }

        return storage;
    }

    private static AzureStorageProviderOptions Read(string named, IConfiguration configuration)
    {
        if (named.Contains('=', StringComparison.Ordinal))
        {
            return new AzureStorageProviderOptions { ConnectionString = named };
        }

        if (configuration[named] is { Length: > 0 } connectionString)
        {
            return new AzureStorageProviderOptions { ConnectionString = connectionString };
        }

        return new AzureStorageProviderOptions
        {
            AccountName = IdentityConnections.Value(configuration, named, "accountName"),
            BlobServiceUri = Uri(configuration, named, "blobServiceUri"),
            QueueServiceUri = Uri(configuration, named, "queueServiceUri"),
            TableServiceUri = Uri(configuration, named, "tableServiceUri"),
        };
    }

    private static Uri? Uri(IConfiguration configuration, string named, string key) => IdentityConnections.Value(configuration, named, key) is not { } text ? null
        : System.Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri
        : throw new ArgumentException($"{named}__{key}='{text}' is not an absolute URI");
}

using Azure.Core;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>How requests to a storage account are authorized.</summary>
public enum StorageAuth
{
    AccountKey,
    SharedAccessSignature,

    /// <summary>Microsoft Entra ID through DefaultAzureCredential: managed identity in Azure, developer sign-ins locally.</summary>
    Identity,
}

/// <summary>
/// Where a blob service is and how requests to it are authorized, read from Lumina's settings:
/// a connection string (<c>UseDevelopmentStorage=true</c>, <c>AccountName</c>/<c>AccountKey</c>/<c>BlobEndpoint</c>/...,
/// <c>SharedAccessSignature</c>), a SAS URL of a service or of one container, or an account URL without a
/// query (<c>https://acct.blob.core.windows.net</c>), authorized by DefaultAzureCredential. The one place that builds
/// the SDK's clients. Never shows its key or signature in <see cref="ToString"/>.
/// </summary>
public sealed class StorageConnection
{
    private static readonly Lazy<TokenCredential> Identity = new(() => new DefaultAzureCredential());

    private readonly string? _key;
    private readonly string? _sas;

    private StorageConnection(StorageService service, Uri serviceUri, string accountName, StorageAuth auth, string? key, string? sas, string? container)
    {
        Service = service;
        BaseAddress = serviceUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        ServiceUri = new Uri(BaseAddress);
        AccountName = accountName;
        Auth = auth;
        _key = key;
        _sas = sas;
        Container = container;
    }

    /// <summary>The service endpoint without query, e.g. https://acct.blob.core.windows.net/ or http://127.0.0.1:10000/devstoreaccount1.</summary>
    public Uri ServiceUri { get; }

    public string AccountName { get; }

    public StorageAuth Auth { get; }

    /// <summary>The container a URL names, otherwise null.</summary>
    public string? Container { get; }

    public bool UsesSas => Auth == StorageAuth.SharedAccessSignature;

    /// <summary>The service endpoint as text without a trailing slash.</summary>
    internal string BaseAddress { get; }

    internal StorageService Service { get; }

    /// <summary>A blob service connection. Throws <see cref="FormatException"/> naming the missing or bad part (never echoing a key or signature).</summary>
    public static StorageConnection ForBlobs(string connectionStringOrUrl) => Parse(connectionStringOrUrl, StorageService.Blob);

    /// <summary>True when the account is the first path segment (emulators, IP addresses) rather than part of the host name.</summary>
    internal static bool IsPathStyle(Uri endpoint) =>
        endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || endpoint.IsLoopback;

    public override string ToString() => $"account {AccountName} at {BaseAddress}" + Auth switch
    {
        StorageAuth.SharedAccessSignature => " (SAS)",
        StorageAuth.Identity => " (Azure identity)",
        _ => "",
    };

    internal BlobContainerClient CreateContainerClient(string container, AzureBlobOptions options, ILogger logger) =>
        Create(container, StorageClientOptions.ForBlobs(options, logger),
            (uri, o) => new BlobContainerClient(uri, o), (uri, key, o) => new BlobContainerClient(uri, key, o), (uri, token, o) => new BlobContainerClient(uri, token, o));

    private T Create<T, TOptions>(
        string name,
        TOptions options,
        Func<Uri, TOptions, T> withSas,
        Func<Uri, StorageSharedKeyCredential, TOptions, T> withKey,
        Func<Uri, TokenCredential, TOptions, T> withIdentity)
    {
        var uri = new Uri($"{BaseAddress}/{name}");
        return Auth switch
        {
            StorageAuth.AccountKey => withKey(uri, new StorageSharedKeyCredential(AccountName, _key), options),
            StorageAuth.SharedAccessSignature => withSas(new Uri($"{uri}?{_sas}"), options),
            _ => withIdentity(uri, Identity.Value, options),
        };
    }

    private static StorageConnection Parse(string text, StorageService service)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            throw new FormatException($"The {service.Name} connection string is empty: give a connection string (e.g. UseDevelopmentStorage=true), a SAS URL or an account URL.");
        }

        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUrl(text, service);
        }

        var parts = new ConnectionStringParser(service).Parse(text);
        return new StorageConnection(
            service, parts.Endpoint, parts.Account, parts.Key is null ? StorageAuth.SharedAccessSignature : StorageAuth.AccountKey, parts.Key, parts.Sas, container: null);
    }

    private static StorageConnection FromUrl(string url, StorageService service)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new FormatException("The storage URL is not a valid absolute URL.");
        }

        var address = uri.GetLeftPart(UriPartial.Path);
        var sas = uri.Query.TrimStart('?');
        var auth = sas.Length == 0 ? StorageAuth.Identity : StorageAuth.SharedAccessSignature;
        if (auth == StorageAuth.SharedAccessSignature && !sas.Split('&').Any(p => p.StartsWith("sig=", StringComparison.Ordinal)))
        {
            throw new FormatException($"The URL {address} has a query but no shared access signature (no 'sig=' in it): "
                + "copy the whole SAS URL, leave the query out to sign in with an Azure identity, or use a connection string.");
        }

        // Bearer tokens are only sent over TLS.
        if (auth == StorageAuth.Identity && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new FormatException($"The URL {address} carries no shared access signature, and an Azure identity needs https: "
                + $"use https://<account>.{service.Name}.core.windows.net, a SAS URL, or a connection string (Azurite: UseDevelopmentStorage=true).");
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var pathStyle = IsPathStyle(uri);
        var serviceSegments = pathStyle ? 1 : 0;
        if (segments.Length < serviceSegments || segments.Length > serviceSegments + 1)
        {
            throw new FormatException($"The URL {address} should name a {service.Name} service or one {service.ItemName}, "
                + (pathStyle
                    ? $"e.g. http://127.0.0.1:{service.DevelopmentPort}/devstoreaccount1/photos?sv=...&sig=..."
                    : $"e.g. https://account.{service.Name}.core.windows.net/photos?sv=...&sig=..."));
        }

        var account = pathStyle ? segments[0] : uri.Host.Split('.')[0];
        var root = new UriBuilder(uri.Scheme, uri.Host, uri.Port, pathStyle ? "/" + segments[0] : "/").Uri;
        var container = segments.Length > serviceSegments ? Uri.UnescapeDataString(segments[^1]) : null;
        return new StorageConnection(service, root, account, auth, key: null, auth == StorageAuth.SharedAccessSignature ? sas : null, container);
    }
}

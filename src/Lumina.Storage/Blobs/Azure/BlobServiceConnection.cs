namespace Lumina.Storage.Blobs.Azure;

/// <summary>
/// Where a Blob service is and how to authorize requests to it, read from a connection string
/// (<c>UseDevelopmentStorage=true</c>, <c>AccountName</c>/<c>AccountKey</c>/<c>BlobEndpoint</c>/
/// <c>DefaultEndpointsProtocol</c>/<c>EndpointSuffix</c>/<c>SharedAccessSignature</c>) or from a SAS URL
/// of a service or of one container. Never shows its key or signature in <see cref="ToString"/>.
/// </summary>
public sealed class BlobServiceConnection
{
    /// <summary>The service endpoint without query, e.g. https://acct.blob.core.windows.net/ or http://127.0.0.1:10000/devstoreaccount1.</summary>
    public Uri ServiceUri { get; }

    /// <summary>The storage account name.</summary>
    public string AccountName { get; }

    /// <summary>The container named by a container SAS URL, otherwise null.</summary>
    public string? Container { get; }

    /// <summary>True when requests are authorized by a shared access signature rather than the account key.</summary>
    public bool UsesSas => SasQuery is not null;

    internal SharedKeySigner? Signer { get; }

    /// <summary>The service endpoint as text without a trailing slash, the base of every request URI.</summary>
    internal string BaseAddress { get; }

    /// <summary>The SAS token without its leading '?'.</summary>
    internal string? SasQuery { get; }

    internal BlobServiceConnection(Uri serviceUri, string accountName, SharedKeySigner? signer, string? sasQuery, string? container)
    {
        BaseAddress = serviceUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        ServiceUri = new Uri(BaseAddress);
        AccountName = accountName;
        Signer = signer;
        SasQuery = sasQuery;
        Container = container;
    }

    /// <summary>
    /// Reads a connection string, or a SAS URL when the text starts with http:// or https://.
    /// Throws <see cref="FormatException"/> naming the missing or bad part (never echoing a key or signature).
    /// </summary>
    public static BlobServiceConnection Parse(string connectionStringOrSasUrl)
    {
        var text = connectionStringOrSasUrl.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("The blob connection string is empty: give a connection string (e.g. UseDevelopmentStorage=true) or a SAS URL.");
        }

        return text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? FromSasUrl(text)
            : FromConnectionString(text);
    }

    /// <summary>True when the account is the first path segment (emulators, IP addresses) rather than part of the host name.</summary>
    internal static bool IsPathStyle(Uri endpoint) =>
        endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || endpoint.IsLoopback;

    public override string ToString() => $"account {AccountName} at {BaseAddress}{(UsesSas ? " (SAS)" : "")}";

    private static BlobServiceConnection FromConnectionString(string text)
    {
        var connection = new ConnectionStringParser(StorageService.Blob).Parse(text);
        return new BlobServiceConnection(connection.Endpoint, connection.Account, connection.Signer, connection.Sas, container: null);
    }

    private static BlobServiceConnection FromSasUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new FormatException("The SAS URL is not a valid absolute URL.");
        }

        var sas = uri.Query.TrimStart('?');
        var hasSignature = sas.Split('&').Any(p => p.StartsWith("sig=", StringComparison.Ordinal));
        if (!hasSignature)
        {
            throw new FormatException($"The URL {uri.GetLeftPart(UriPartial.Path)} carries no shared access signature (no 'sig=' in its query): "
                + "copy the whole SAS URL, or use a connection string.");
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var pathStyle = IsPathStyle(uri);
        var serviceSegments = pathStyle ? 1 : 0;
        if (segments.Length < serviceSegments || segments.Length > serviceSegments + 1)
        {
            throw new FormatException($"The SAS URL {uri.GetLeftPart(UriPartial.Path)} should name a service or one container, "
                + (pathStyle ? "e.g. http://127.0.0.1:10000/devstoreaccount1/photos?sv=...&sig=..." : "e.g. https://account.blob.core.windows.net/photos?sv=...&sig=..."));
        }

        var account = pathStyle ? segments[0] : uri.Host.Split('.')[0];
        var service = new UriBuilder(uri.Scheme, uri.Host, uri.Port, pathStyle ? "/" + segments[0] : "/").Uri;
        var container = segments.Length > serviceSegments ? Uri.UnescapeDataString(segments[^1]) : null;
        return new BlobServiceConnection(service, account, signer: null, sas, container);
    }
}

namespace Lumina.Storage.Blobs.Azure;

/// <summary>A storage service a connection string can lead to: its name, its endpoint part, Azurite's port for it, and what it holds.</summary>
internal sealed record StorageService(string Name, string EndpointKey, int DevelopmentPort, string ItemName)
{
    public static readonly StorageService Blob = new("blob", "BlobEndpoint", 10000, "container");
}

/// <summary>What a connection string says of one service: its endpoint, the account, and an account key (base64) or a SAS token.</summary>
internal sealed record ConnectionParts(Uri Endpoint, string Account, string? Key, string? Sas);

/// <summary>Reads the Azure Storage connection-string forms that name a service endpoint and a credential.</summary>
internal sealed class ConnectionStringParser(StorageService service)
{
    public const string DevelopmentAccount = "devstoreaccount1";

    /// <summary>The emulator's well-known key: public, the same for every Azurite and Storage Emulator.</summary>
    public const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly string[] KnownKeys =
    [
        "UseDevelopmentStorage", "DefaultEndpointsProtocol", "AccountName", "AccountKey", "BlobEndpoint",
        "EndpointSuffix", "SharedAccessSignature", "QueueEndpoint", "TableEndpoint", "FileEndpoint",
    ];

    public ConnectionParts Parse(string text)
    {
        var parts = Split(text);
        if (parts.TryGetValue("UseDevelopmentStorage", out var development))
        {
            return Development(development, parts);
        }

        var hasKey = parts.TryGetValue("AccountKey", out var accountKey);
        var hasSas = parts.TryGetValue("SharedAccessSignature", out var sas);
        if (hasKey && hasSas)
        {
            throw Bad("has both AccountKey and SharedAccessSignature: keep one of them");
        }

        if (!hasKey && !hasSas)
        {
            throw Bad("has neither AccountKey nor SharedAccessSignature: add the account key or a SAS token");
        }

        parts.TryGetValue("AccountName", out var accountName);
        if (hasKey && accountName is null)
        {
            throw Bad("has AccountKey but no AccountName: add AccountName=<your storage account>");
        }

        var endpoint = Endpoint(parts, accountName);
        var account = accountName ?? AccountFromEndpoint(endpoint);
        return hasKey
            ? new ConnectionParts(endpoint, account, CheckKey(accountKey!), Sas: null)
            : new ConnectionParts(endpoint, account, Key: null, sas!.TrimStart('?'));
    }

    private Dictionary<string, string> Split(string text)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Bad($"has a part without 'name=value' ({Shown(segment)}): parts are separated by ';'");
            }

            var name = segment[..equals].Trim();
            var value = segment[(equals + 1)..].Trim();
            var known = KnownKeys.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw Bad($"has an unknown part {Shown(name)}: the known ones are {string.Join(", ", KnownKeys)}");
            if (value.Length == 0)
            {
                throw Bad($"has an empty {known}");
            }

            if (!parts.TryAdd(known, value))
            {
                throw Bad($"has {known} twice");
            }
        }

        return parts;
    }

    private ConnectionParts Development(string value, Dictionary<string, string> parts)
    {
        if (!value.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            throw Bad($"has UseDevelopmentStorage set to something other than 'true': remove it, or set it to true for Azurite on 127.0.0.1:{service.DevelopmentPort}");
        }

        if (parts.Count > 1)
        {
            throw Bad($"combines UseDevelopmentStorage=true with {string.Join(", ", parts.Keys.Where(k => k != "UseDevelopmentStorage"))}: "
                + $"for Azurite on another port, use AccountName, AccountKey and {service.EndpointKey} instead");
        }

        return new ConnectionParts(new Uri($"http://127.0.0.1:{service.DevelopmentPort}/{DevelopmentAccount}"), DevelopmentAccount, DevelopmentKey, Sas: null);
    }

    private Uri Endpoint(Dictionary<string, string> parts, string? accountName)
    {
        if (parts.TryGetValue(service.EndpointKey, out var explicitEndpoint))
        {
            return Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0
                ? uri
                : throw Bad($"has a {service.EndpointKey} that is not an http(s) URL without query, e.g. https://account.{service.Name}.core.windows.net or http://127.0.0.1:{service.DevelopmentPort}/devstoreaccount1");
        }

        if (accountName is null)
        {
            throw Bad($"has neither {service.EndpointKey} nor AccountName: add AccountName (and EndpointSuffix outside the public cloud), or {service.EndpointKey}");
        }

        var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https").ToLowerInvariant();
        if (protocol is not ("http" or "https"))
        {
            throw Bad("has a DefaultEndpointsProtocol other than http or https");
        }

        var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        return Uri.TryCreate($"{protocol}://{accountName}.{service.Name}.{suffix}", UriKind.Absolute, out var built) && built.AbsolutePath == "/"
            ? built
            : throw Bad($"gives an AccountName and EndpointSuffix that do not make a host name ({accountName}.{service.Name}.{suffix})");
    }

    private string AccountFromEndpoint(Uri endpoint) =>
        StorageConnection.IsPathStyle(endpoint)
            ? endpoint.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
                ?? throw Bad($"has a {service.EndpointKey} on an IP address without the account as its path, e.g. http://127.0.0.1:{service.DevelopmentPort}/devstoreaccount1: add it, or add AccountName")
            : endpoint.Host.Split('.')[0];

    private string CheckKey(string key)
    {
        var bytes = new byte[key.Length];
        return Convert.TryFromBase64String(key, bytes, out var written) && written > 0
            ? key
            : throw Bad("has an AccountKey that is not valid base64: copy the whole key1 or key2 of the storage account");
    }

    /// <summary>A part's name as shown in messages: in full when it looks like a name, else only its start, since a stray key may sit there.</summary>
    private static string Shown(string name) =>
        name.Length <= 30 && name.All(char.IsAsciiLetter) ? $"'{name}'" : $"starting '{name[..Math.Min(3, name.Length)]}…'";

    private FormatException Bad(string problem) => new($"The {service.Name} connection string {problem}.");
}

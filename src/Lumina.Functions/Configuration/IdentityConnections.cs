using Microsoft.Extensions.Configuration;

namespace Lumina.Functions.Configuration;

/// <summary>
/// Identity-based connections as Azure Functions names them: instead of a connection string in the setting NAME, the
/// settings NAME__accountName, NAME__blobServiceUri, ... (signed in with DefaultAzureCredential). Environment
/// variables reach the configuration as NAME:key (the provider turns "__" into ":"); local.settings.json's Values
/// and in-memory settings keep NAME__key as written: both are read.
/// </summary>
public static class IdentityConnections
{
    /// <summary>The setting NAME__<paramref name="key"/>, or null when it is unset or empty.</summary>
    public static string? Value(IConfiguration configuration, string name, string key) =>
        configuration[$"{name}:{key}"] is { Length: > 0 } nested ? nested
        : configuration[$"{name}__{key}"] is { Length: > 0 } flat ? flat
        : null;

    /// <summary>The blob service URL of connection <paramref name="name"/> (NAME__blobServiceUri, else NAME__accountName's public endpoint); null when it has neither.</summary>
    public static string? BlobServiceUri(IConfiguration configuration, string name) =>
        Value(configuration, name, "blobServiceUri")
        ?? (Value(configuration, name, "accountName") is { } account ? $"https://{account}.blob.core.windows.net" : null);
}

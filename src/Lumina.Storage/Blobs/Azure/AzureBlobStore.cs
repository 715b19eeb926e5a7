using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>
/// A container of Azure Blob Storage (or Azurite) seen as an <see cref="IBlobStore"/>, optionally below a prefix:
/// the store's names are relative to the prefix, so "2024/a.jpg" in a store with prefix "originals/" is the
/// blob "originals/2024/a.jpg".
/// </summary>
public sealed class AzureBlobStore : IBlobStore
{
    public AzureBlobStore(AzureBlobContainer container, string prefix = "")
    {
        Container = container;
        Prefix = NormalizePrefix(prefix);
    }

    /// <summary>The container client, for what the store interface does not cover (creating the container, metadata, ranges).</summary>
    public AzureBlobContainer Container { get; }

    /// <summary>"" or a prefix ending in '/'.</summary>
    public string Prefix { get; }

    public string Location => $"blob {Container.Url}{(Prefix.Length == 0 ? "" : "/" + Prefix.TrimEnd('/'))}";

    /// <summary>
    /// A store over <paramref name="connection"/> (a connection string, a SAS URL of a service or of a container, or an
    /// account or container URL signed in with an Azure identity). <paramref name="container"/> may be null only when the URL names it.
    /// </summary>
    public static AzureBlobStore Create(
        string connection, string? container, string prefix = "", AzureBlobOptions? options = null, ILogger? logger = null)
    {
        var service = StorageConnection.ForBlobs(connection);
        if (container is not null && service.Container is not null && container != service.Container)
        {
            throw new ArgumentException(
                $"The URL is for container '{service.Container}' but container '{container}' was asked for: use a URL of that container, or leave the container out",
                nameof(container));
        }

        var name = container ?? service.Container
            ?? throw new ArgumentException("Name the container: the connection string does not carry one (only a container URL does)", nameof(container));
        return new AzureBlobStore(new AzureBlobContainer(service, name, options, logger), prefix);
    }

    public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var blob in Container.ListAsync(Prefix + prefix, includeMetadata: false, ct))
        {
            yield return blob.ToBlobInfo(blob.Name[Prefix.Length..]);
        }
    }

    public async Task<BlobInfo?> GetPropertiesAsync(string name, CancellationToken ct) =>
        (await Container.GetPropertiesAsync(Prefix + name, ct))?.ToBlobInfo(name);

    public async Task<byte[]> ReadAllBytesAsync(string name, CancellationToken ct)
    {
        await using var stream = await OpenDownloadAsync(name, ct);
        var content = new byte[stream.Length];
        await stream.ReadExactlyAsync(content, ct);
        return content;
    }

    public async Task<Stream> OpenReadAsync(string name, CancellationToken ct) => await OpenDownloadAsync(name, ct);

    public async Task<BlobInfo> PutAsync(string name, Stream content, string contentType, CancellationToken ct) =>
        (await Container.UploadAsync(Prefix + name, content, contentType, metadata: null, ct)).ToBlobInfo(name);

    public Task<bool> DeleteAsync(string name, CancellationToken ct) => Container.DeleteAsync(Prefix + name, ct);

    private async Task<BlobDownloadStream> OpenDownloadAsync(string name, CancellationToken ct)
    {
        try
        {
            return await Container.OpenReadAsync(Prefix + name, range: null, ct);
        }
        catch (BlobStorageException e) when (e.ErrorCode == "BlobNotFound")
        {
            throw new BlobNotFoundException(Location, name);
        }
    }

    private static string NormalizePrefix(string prefix)
    {
        var trimmed = prefix.Trim('/');
        return trimmed.Length == 0 ? "" : trimmed + "/";
    }
}

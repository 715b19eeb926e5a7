using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>
/// One container of a Blob service through the Azure.Storage.Blobs SDK: create, list (paged), get (streamed, with
/// ranges), get properties, upload (single shot or blocks), set metadata, delete. Names and metadata are checked
/// before any request; failures throw <see cref="BlobStorageException"/>.
/// </summary>
public sealed class AzureBlobContainer
{
    private readonly BlobContainerClient _client;
    private readonly AzureBlobOptions _options;
    private readonly ILogger _logger;

    public AzureBlobContainer(StorageConnection connection, string name, AzureBlobOptions? options = null, ILogger? logger = null)
    {
        BlobNames.ValidateContainerName(name);
        Name = name;
        Connection = connection;
        _options = (options ?? new AzureBlobOptions()).Validated();
        _logger = logger ?? NullLogger.Instance;
        _client = connection.CreateContainerClient(name, _options, _logger);
    }

    public string Name { get; }

    public StorageConnection Connection { get; }

    /// <summary>The container's URL without any SAS token, for messages.</summary>
    public string Url => $"{Connection.BaseAddress}/{Name}";

    /// <summary>Creates the container; false when it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken ct)
    {
        var created = await RunAsync(new BlobTarget("Create Container", Name), () => _client.CreateIfNotExistsAsync(cancellationToken: ct), ct) is not null;
        if (created)
        {
            BlobLog.CreatedContainer(_logger, Name, Connection.AccountName);
        }

        return created;
    }

    /// <summary>Deletes the container and every blob in it; false when it did not exist.</summary>
    public async Task<bool> DeleteContainerAsync(CancellationToken ct) =>
        (await RunAsync(new BlobTarget("Delete Container", Name), () => _client.DeleteIfExistsAsync(cancellationToken: ct), ct)).Value;

    /// <summary>The blobs whose names start with <paramref name="prefix"/>, page by page in name order.</summary>
    public async IAsyncEnumerable<BlobListPage> ListPagesAsync(
        string prefix, bool includeMetadata, [EnumeratorCancellation] CancellationToken ct)
    {
        var target = new BlobTarget("List Blobs", Name);
        var query = new GetBlobsOptions { Prefix = prefix, Traits = includeMetadata ? BlobTraits.Metadata : BlobTraits.None };
        await using var pages = _client.GetBlobsAsync(query, ct).AsPages(pageSizeHint: _options.ListPageSize).GetAsyncEnumerator(ct);
        while (await RunAsync(target, async () => await pages.MoveNextAsync(), ct))
        {
            var page = pages.Current;
            yield return new BlobListPage(
                [.. page.Values.Select(AzureBlobProperties.From)],
                string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }
    }

    /// <summary>The blobs whose names start with <paramref name="prefix"/>, in name order, fetched a page at a time.</summary>
    public async IAsyncEnumerable<AzureBlobProperties> ListAsync(
        string prefix, bool includeMetadata, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var page in ListPagesAsync(prefix, includeMetadata, ct))
        {
            foreach (var blob in page.Blobs)
            {
                yield return blob;
            }
        }
    }

    /// <summary>The blob's properties and metadata, or null when the blob does not exist (a missing container throws).</summary>
    public async Task<AzureBlobProperties?> GetPropertiesAsync(string name, CancellationToken ct)
    {
        var blob = Blob(name);
        try
        {
            var properties = await RunAsync(new BlobTarget("Get Blob Properties", Name, name), () => blob.GetPropertiesAsync(cancellationToken: ct), ct);
            return AzureBlobProperties.From(name, properties.Value);
        }
        catch (BlobStorageException e) when (e.ErrorCode == "BlobNotFound")
        {
            return null;
        }
    }

    /// <summary>
    /// Opens the blob (or a range of it) for reading as a stream over the response: nothing is buffered beyond
    /// what the caller reads. Throws <see cref="BlobStorageException"/> with ErrorCode BlobNotFound for a missing blob.
    /// </summary>
    public async Task<BlobDownloadStream> OpenReadAsync(string name, BlobRange? range, CancellationToken ct)
    {
        var blob = Blob(name);
        var download = new BlobDownloadOptions { Range = range?.ToHttpRange() ?? default };
        var response = (await RunAsync(new BlobTarget("Get Blob", Name, name), () => blob.DownloadStreamingAsync(download, ct), ct)).Value;
        var details = response.Details;
        // A range answer's Content-Range ("bytes 0-99/1234") carries the whole blob's size.
        var size = details.ContentRange is { } contentRange && contentRange.LastIndexOf('/') is var slash and >= 0
            && long.TryParse(contentRange[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var total)
                ? total
                : details.ContentLength;
        var properties = new AzureBlobProperties(
            name, size, details.LastModified, AzureBlobProperties.Quoted(details.ETag), details.ContentType, AzureBlobProperties.Copy(details.Metadata));
        return new BlobDownloadStream(response, properties);
    }

    /// <summary>
    /// Creates or replaces the blob with the rest of <paramref name="content"/> (read once, front to back): up to
    /// SingleUploadLimit bytes in one Put Blob, more as blocks committed at the end, so readers see the old blob
    /// until the new one is complete.
    /// </summary>
    public async Task<AzureBlobProperties> UploadAsync(
        string name, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata, CancellationToken ct)
    {
        var blob = Blob(name);
        BlobMetadata.Validate(metadata);
        var counted = content.CanSeek ? null : new CountingReadStream(content);
        var size = content.CanSeek ? content.Length - content.Position : 0;
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = metadata is null ? null : new Dictionary<string, string>(metadata),
            TransferOptions = new StorageTransferOptions
            {
                InitialTransferSize = _options.SingleUploadLimit,
                MaximumTransferSize = _options.BlockSize,
                MaximumConcurrency = _options.MaxParallelBlocks,
            },
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
        };
        var written = (await RunAsync(new BlobTarget("Put Blob", Name, name), () => blob.UploadAsync(counted ?? content, upload, ct), ct)).Value;
        return new AzureBlobProperties(
            name, counted?.BytesRead ?? size, written.LastModified, AzureBlobProperties.Quoted(written.ETag), contentType, AzureBlobProperties.Copy(upload.Metadata));
    }

    /// <summary>Replaces the blob's metadata with <paramref name="metadata"/>.</summary>
    public async Task SetMetadataAsync(string name, IReadOnlyDictionary<string, string> metadata, CancellationToken ct)
    {
        var blob = Blob(name);
        BlobMetadata.Validate(metadata);
        await RunAsync(new BlobTarget("Set Blob Metadata", Name, name), () => blob.SetMetadataAsync(new Dictionary<string, string>(metadata), cancellationToken: ct), ct);
    }

    /// <summary>Deletes the blob (and its snapshots); false when it did not exist (a missing container throws).</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken ct)
    {
        var blob = Blob(name);
        try
        {
            await RunAsync(new BlobTarget("Delete Blob", Name, name), () => blob.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct), ct);
            return true;
        }
        catch (BlobStorageException e) when (e.ErrorCode == "BlobNotFound")
        {
            return false;
        }
    }

    private BlobClient Blob(string name)
    {
        BlobNames.ValidateBlobName(name);
        return _client.GetBlobClient(name);
    }

    private async Task<T> RunAsync<T>(BlobTarget target, Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (!ct.IsCancellationRequested && BlobErrors.From(e, target, Connection, _options) is { } mapped)
        {
            throw mapped;
        }
    }
}

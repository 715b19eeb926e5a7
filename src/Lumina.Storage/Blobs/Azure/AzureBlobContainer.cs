using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>
/// One container of a Blob service, over REST: create, list (paged), get (streamed, with ranges), get properties,
/// upload (single shot or blocks), set metadata, delete. Failures throw <see cref="BlobStorageException"/>.
/// All instances share one HTTP connection pool.
/// </summary>
public sealed class AzureBlobContainer
{
    private readonly BlobTransport _transport;
    private readonly BlobUploader _uploader;

    public AzureBlobContainer(BlobServiceConnection connection, string name, AzureBlobOptions? options = null, ILogger? logger = null)
    {
        BlobUris.ValidateContainerName(name);
        Name = name;
        _transport = new BlobTransport(connection, (options ?? new AzureBlobOptions()).Validated(), logger ?? NullLogger.Instance);
        _uploader = new BlobUploader(_transport, name);
    }

    public string Name { get; }

    public BlobServiceConnection Connection => _transport.Connection;

    /// <summary>The container's URL without any SAS token, for messages.</summary>
    public string Url => $"{Connection.BaseAddress}/{Name}";

    /// <summary>Creates the container; false when it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken ct)
    {
        using var response = await _transport.SendAsync(
            new BlobTarget("Create Container", Name),
            () => new HttpRequestMessage(HttpMethod.Put, BlobUris.Container(Connection, Name, ("restype", "container"))),
            ct,
            tolerate: "ContainerAlreadyExists");
        var created = response.StatusCode == HttpStatusCode.Created;
        if (created)
        {
            BlobLog.CreatedContainer(_transport.Logger, Name, Connection.AccountName);
        }

        return created;
    }

    /// <summary>Deletes the container and every blob in it; false when it did not exist.</summary>
    public async Task<bool> DeleteContainerAsync(CancellationToken ct)
    {
        using var response = await _transport.SendAsync(
            new BlobTarget("Delete Container", Name),
            () => new HttpRequestMessage(HttpMethod.Delete, BlobUris.Container(Connection, Name, ("restype", "container"))),
            ct,
            tolerate: "ContainerNotFound");
        return response.StatusCode == HttpStatusCode.Accepted;
    }

    /// <summary>The blobs whose names start with <paramref name="prefix"/>, page by page in name order.</summary>
    public async IAsyncEnumerable<BlobListPage> ListPagesAsync(
        string prefix, bool includeMetadata, [EnumeratorCancellation] CancellationToken ct)
    {
        string? marker = null;
        do
        {
            var query = new List<(string, string)> { ("restype", "container"), ("comp", "list"), ("prefix", prefix) };
            query.Add(("maxresults", _transport.Options.ListPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (includeMetadata)
            {
                query.Add(("include", "metadata"));
            }

            if (marker is not null)
            {
                query.Add(("marker", marker));
            }

            using var response = await _transport.SendAsync(
                new BlobTarget("List Blobs", Name),
                () => new HttpRequestMessage(HttpMethod.Get, BlobUris.Container(Connection, Name, [.. query])),
                ct,
                streamBody: true);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var page = await BlobListPage.ReadAsync(body, ct);
            yield return page;
            marker = page.NextMarker;
        }
        while (marker is not null);
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
        BlobUris.ValidateBlobName(name);
        using var response = await _transport.SendAsync(
            new BlobTarget("Get Blob Properties", Name, name),
            () => new HttpRequestMessage(HttpMethod.Head, BlobUris.Blob(Connection, Name, name)),
            ct,
            tolerate: "BlobNotFound");
        return response.IsSuccessStatusCode
            ? AzureBlobProperties.FromHeaders(name, response.Content.Headers.ContentLength ?? 0, response)
            : null;
    }

    /// <summary>
    /// Opens the blob (or a range of it) for reading as a stream over the response: nothing is buffered beyond
    /// what the caller reads. Throws <see cref="BlobStorageException"/> with ErrorCode BlobNotFound for a missing blob.
    /// </summary>
    public async Task<BlobDownloadStream> OpenReadAsync(string name, BlobRange? range, CancellationToken ct)
    {
        BlobUris.ValidateBlobName(name);
        var header = range?.ToHeader();
        var response = await _transport.SendAsync(
            new BlobTarget("Get Blob", Name, name),
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, BlobUris.Blob(Connection, Name, name));
                if (header is not null)
                {
                    request.Headers.Add("x-ms-range", header);
                }

                return request;
            },
            ct,
            streamBody: true);
        try
        {
            // A range answer's Content-Range ("bytes 0-99/1234") carries the whole blob's size.
            var size = response.Content.Headers.ContentRange?.Length ?? response.Content.Headers.ContentLength ?? 0;
            var properties = AzureBlobProperties.FromHeaders(name, size, response);
            return new BlobDownloadStream(response, await response.Content.ReadAsStreamAsync(ct), properties);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Creates or replaces the blob with the rest of <paramref name="content"/> (read once, front to back).</summary>
    public Task<AzureBlobProperties> UploadAsync(
        string name, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata, CancellationToken ct)
    {
        BlobUris.ValidateBlobName(name);
        BlobMetadata.Validate(metadata);
        return _uploader.UploadAsync(name, content, contentType, metadata, ct);
    }

    /// <summary>Replaces the blob's metadata with <paramref name="metadata"/>.</summary>
    public async Task SetMetadataAsync(string name, IReadOnlyDictionary<string, string> metadata, CancellationToken ct)
    {
        BlobUris.ValidateBlobName(name);
        BlobMetadata.Validate(metadata);
        using var response = await _transport.SendAsync(
            new BlobTarget("Set Blob Metadata", Name, name),
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, BlobUris.Blob(Connection, Name, name, ("comp", "metadata")));
                BlobMetadata.AddTo(request, metadata);
                return request;
            },
            ct);
    }

    /// <summary>Deletes the blob (and its snapshots); false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken ct)
    {
        BlobUris.ValidateBlobName(name);
        using var response = await _transport.SendAsync(
            new BlobTarget("Delete Blob", Name, name),
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Delete, BlobUris.Blob(Connection, Name, name));
                request.Headers.Add("x-ms-delete-snapshots", "include");
                return request;
            },
            ct,
            tolerate: "BlobNotFound");
        return response.IsSuccessStatusCode;
    }
}

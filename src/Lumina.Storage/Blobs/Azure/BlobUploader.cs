using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>
/// Uploads a stream as one block blob. Up to <see cref="AzureBlobOptions.SingleUploadLimit"/> bytes go in one
/// Put Blob; a longer stream is read block by block and each block is sent by Put Block (several at once) while
/// the next is read, then committed by Put Block List. Memory held is the bytes read to choose between the two plus
/// one buffer per block in flight, never the whole stream. Either way readers see the old blob until the new one is complete.
/// </summary>
internal sealed class BlobUploader(BlobTransport transport, string container)
{
    private const int MaxBlocks = 50_000;

    private AzureBlobOptions Options => transport.Options;

    public async Task<AzureBlobProperties> UploadAsync(
        string name, Stream source, string contentType, IReadOnlyDictionary<string, string>? metadata, CancellationToken ct)
    {
        var (head, headLength) = await ReadHeadAsync(source, ct);
        try
        {
            return headLength <= Options.SingleUploadLimit
                ? await PutBlobAsync(name, head.AsMemory(0, headLength), contentType, metadata, ct)
                : await PutBlocksAsync(name, new BlockReader(head.AsMemory(0, headLength), source), contentType, metadata, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    /// <summary>
    /// Reads up to SingleUploadLimit + 1 bytes: enough to tell a single-shot upload from a block upload.
    /// The buffer grows as the bytes come, so a small blob never holds a buffer of the limit's size.
    /// </summary>
    private async Task<(byte[] Buffer, int Length)> ReadHeadAsync(Stream source, CancellationToken ct)
    {
        var wanted = Options.SingleUploadLimit + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(wanted, 64 * 1024));
        var length = 0;
        try
        {
            while (length < wanted)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(wanted, 2L * buffer.Length));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await source.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, wanted) - length), ct);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private async Task<AzureBlobProperties> PutBlobAsync(
        string name, ReadOnlyMemory<byte> content, string contentType, IReadOnlyDictionary<string, string>? metadata, CancellationToken ct)
    {
        var md5 = MD5.HashData(content.Span);
        using var response = await transport.SendAsync(new BlobTarget("Put Blob", container, name), () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, BlobUris.Blob(transport.Connection, container, name))
            {
                Content = Body(content, md5, contentType),
            };
            request.Headers.Add("x-ms-blob-type", "BlockBlob");
            BlobMetadata.AddTo(request, metadata);
            return request;
        }, ct);
        return Written(name, content.Length, contentType, metadata, response);
    }

    private async Task<AzureBlobProperties> PutBlocksAsync(
        string name, BlockReader reader, string contentType, IReadOnlyDictionary<string, string>? metadata, CancellationToken ct)
    {
        var uploadId = Guid.NewGuid().ToString("N");
        var blockIds = new List<string>();
        var inFlight = new List<Task>();
        long total = 0;
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            while (true)
            {
                if (inFlight.Count == Options.MaxParallelBlocks)
                {
                    var done = await Task.WhenAny(inFlight);
                    inFlight.Remove(done);
                    await done;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(Options.BlockSize);
                var length = await reader.ReadAsync(buffer.AsMemory(0, Options.BlockSize), failFast.Token);
                if (length == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }

                if (blockIds.Count == MaxBlocks)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw new InvalidOperationException(
                        $"'{name}' is longer than {MaxBlocks:N0} blocks of {Options.BlockSize:N0} bytes, the most a blob can hold: raise AzureBlobOptions.BlockSize");
                }

                // Same-length ids (the service requires it), unique to this upload so concurrent uploads never mix blocks.
                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{uploadId}{blockIds.Count:D8}"));
                blockIds.Add(blockId);
                total += length;
                inFlight.Add(PutBlockAsync(name, blockId, buffer, length, failFast.Token));
            }

            await Task.WhenAll(inFlight);
        }
        catch
        {
            await failFast.CancelAsync();
            await Task.WhenAll(inFlight).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var properties = await PutBlockListAsync(name, blockIds, total, contentType, metadata, ct);
        BlobLog.UploadedBlocks(transport.Logger, container, name, blockIds.Count, total);
        return properties;
    }

    private async Task PutBlockAsync(string name, string blockId, byte[] buffer, int length, CancellationToken ct)
    {
        try
        {
            var content = buffer.AsMemory(0, length);
            var md5 = MD5.HashData(content.Span);
            using var response = await transport.SendAsync(
                new BlobTarget("Put Block", container, name),
                () => new HttpRequestMessage(HttpMethod.Put, BlobUris.Blob(transport.Connection, container, name, ("comp", "block"), ("blockid", blockId)))
                {
                    Content = Body(content, md5, contentType: null),
                },
                ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<AzureBlobProperties> PutBlockListAsync(
        string name, List<string> blockIds, long total, string contentType, IReadOnlyDictionary<string, string>? metadata, CancellationToken ct)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            xml.Append("<Latest>").Append(id).Append("</Latest>");
        }

        var body = Encoding.UTF8.GetBytes(xml.Append("</BlockList>").ToString());
        var md5 = MD5.HashData(body);
        using var response = await transport.SendAsync(new BlobTarget("Put Block List", container, name), () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, BlobUris.Blob(transport.Connection, container, name, ("comp", "blocklist")))
            {
                Content = Body(body, md5, "application/xml; charset=utf-8"),
            };
            request.Headers.Add("x-ms-blob-content-type", contentType);
            BlobMetadata.AddTo(request, metadata);
            return request;
        }, ct);
        return Written(name, total, contentType, metadata, response);
    }

    private static ReadOnlyMemoryContent Body(ReadOnlyMemory<byte> content, byte[] md5, string? contentType)
    {
        var body = new ReadOnlyMemoryContent(content);
        body.Headers.ContentMD5 = md5;
        if (contentType is not null)
        {
            // Unvalidated so that the value sent is exactly the value signed.
            body.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return body;
    }

    private static AzureBlobProperties Written(
        string name, long size, string contentType, IReadOnlyDictionary<string, string>? metadata, HttpResponseMessage response) =>
        new(name,
            size,
            response.Content.Headers.LastModified ?? DateTimeOffset.UtcNow,
            response.Headers.ETag?.ToString() ?? "",
            contentType,
            metadata ?? new Dictionary<string, string>());

    private static async Task<int> ReadFullAsync(Stream source, Memory<byte> buffer, CancellationToken ct) =>
        await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);

    /// <summary>Hands out blocks from the bytes already read to decide the upload's kind, then from the rest of the stream.</summary>
    private sealed class BlockReader(ReadOnlyMemory<byte> head, Stream rest)
    {
        private ReadOnlyMemory<byte> _head = head;

        public async Task<int> ReadAsync(Memory<byte> block, CancellationToken ct)
        {
            var fromHead = Math.Min(_head.Length, block.Length);
            _head[..fromHead].CopyTo(block);
            _head = _head[fromHead..];
            return fromHead + await ReadFullAsync(rest, block[fromHead..], ct);
        }
    }
}

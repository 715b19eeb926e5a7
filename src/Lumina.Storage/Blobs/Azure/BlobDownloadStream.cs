using Azure.Storage.Blobs.Models;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>
/// The body of a Get Blob response, read from the connection as the caller reads it (the SDK resumes it from where it
/// stopped when the connection drops). Disposing it releases the connection. <see cref="Length"/> is the length of
/// this response (the range, when one was asked for).
/// </summary>
public sealed class BlobDownloadStream : Stream
{
    private readonly BlobDownloadStreamingResult _response;
    private readonly Stream _body;
    private long _position;

    internal BlobDownloadStream(BlobDownloadStreamingResult response, AzureBlobProperties properties)
    {
        _response = response;
        _body = response.Content;
        Properties = properties;
    }

    /// <summary>The whole blob's properties: <see cref="AzureBlobProperties.Size"/> is the blob's size, not the range's.</summary>
    public AzureBlobProperties Properties { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _response.Details.ContentLength;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(_body.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(_body.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await _body.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await _body.ReadAsync(buffer, cancellationToken));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _position += read;
        return read;
    }
}

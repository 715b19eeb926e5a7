namespace Lumina.Storage.Tests.Blobs;

/// <summary>A forward-only stream over bytes, like a network or pipe source: no length, no seeking.</summary>
public class ForwardOnlyStream(byte[] content) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, content.Length - _position);
        content.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await BeforeReadAsync(_position, cancellationToken);
        return Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected virtual ValueTask BeforeReadAsync(int position, CancellationToken ct) => ValueTask.CompletedTask;
}

/// <summary>A forward-only stream that stops once <paramref name="pauseAt"/> bytes have been read, until <see cref="Resume"/>.</summary>
public sealed class PausingStream(byte[] content, int pauseAt) : ForwardOnlyStream(content)
{
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the reader has reached the pause point.</summary>
    public Task Paused => _paused.Task;

    public void Resume() => _resumed.TrySetResult();

    protected override async ValueTask BeforeReadAsync(int position, CancellationToken ct)
    {
        if (position >= pauseAt)
        {
            _paused.TrySetResult();
            await _resumed.Task.WaitAsync(ct);
        }
    }
}
